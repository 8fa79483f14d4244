import {
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasPermission, isPermission } from '@vigil/domain';
import { IS_PUBLIC } from '@vigil/infrastructure';
import { AuditRecorder } from '../audit/audit.recorder';
import { clientAddress, requestPath, type Actor, type RequestWithActor } from './actor';
import { ApiKeysService, apiKeyRole } from '../api-keys/api-keys.service';
import { AUTHENTICATED, isCameraAccess, REQUIRED_ACCESS, type RequiredAccess } from './require-permission.decorator';
import { BearerAuthenticator } from './bearer.authenticator';

/**
 * Deny by default: a route is open only when marked @Public(); otherwise it needs a valid access token whose
 * session is still open and whose user is enabled (or a valid API key), and the route's declared permission. A route that declares
 * nothing is refused (and the route-enumeration test fails on it).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthenticator,
    private readonly audit: AuditRecorder,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const actor = await this.authenticate(request);
    request.actor = actor;
    const required = this.reflector.getAllAndOverride<RequiredAccess | undefined>(REQUIRED_ACCESS, targets);
    // Routes for a signed-in person (their session, their password) are not for integrations' keys.
    if (required === AUTHENTICATED && actor.apiKeyId === undefined) {
      return true;
    }
    // per-camera permissions are decided by the route's service, once it knows the camera (and whether it exists)
    if (isCameraAccess(required)) {
      return true;
    }
    if (required === undefined || !isPermission(required) || !hasPermission(actor.roles, required)) {
      this.logger.warn(
        `denied ${request.method} ${requestPath(request)} to ${actor.userName}: needs ${required ?? 'nothing'}`,
      );
      await this.audit.record({
        type: 'PermissionDenied',
        data: {
          userId: actor.userId,
          method: request.method,
          path: requestPath(request).slice(0, 500),
          required: required ?? 'undeclared',
          address: actor.address,
          at: Date.now(),
        },
      });
      throw new ForbiddenException({ code: 'FORBIDDEN', message: 'you do not have the permission this needs' });
    }
    return true;
  }

  /** A user's bearer token (with an open session), or an integration's API key in X-Api-Key. */
  private async authenticate(request: RequestWithActor): Promise<Actor> {
    const address = clientAddress(request);
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string') {
      const principal = await this.apiKeys.authenticate(apiKey, {
        method: request.method,
        path: requestPath(request),
        address,
      });
      if (!principal) {
        throw unauthenticated();
      }
      return {
        userId: `apikey-${principal.keyId}`,
        userName: principal.name,
        sessionId: '',
        isOwner: false,
        roles: [apiKeyRole(principal)],
        address,
        apiKeyId: principal.keyId,
        apiKeyScopes: principal.scopes,
      };
    }
    const actor = await this.bearer.fromHeader(request.headers.authorization, address);
    if (!actor) {
      throw unauthenticated();
    }
    return actor;
  }
}

const unauthenticated = (): UnauthorizedException =>
  new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid access token or API key is required' });
