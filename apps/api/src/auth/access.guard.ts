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
import { AccessRepository } from '../access/access.repository';
import { AuditRecorder } from '../audit/audit.recorder';
import { AccessTokenService } from './access-token.service';
import { clientAddress, type RequestWithActor } from './actor';
import { AUTHENTICATED, REQUIRED_ACCESS, type RequiredAccess } from './require-permission.decorator';
import { SessionStore } from './session.store';

const BEARER = /^Bearer ([A-Za-z0-9._-]{1,4096})$/;

/**
 * Deny by default: a route is open only when marked @Public(); otherwise it needs a valid access token whose
 * session is still open and whose user is enabled, and the route's declared permission. A route that declares
 * nothing is refused (and the route-enumeration test fails on it).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionStore,
    private readonly access: AccessRepository,
    private readonly audit: AuditRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    const claims = match?.[1] ? this.tokens.verify(match[1]) : undefined;
    if (!claims || !(await this.sessions.touch(claims.sessionId))) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid access token is required' });
    }
    const user = await this.access.user(claims.userId);
    if (!user || user.disabled) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid access token is required' });
    }
    const roles = await this.access.roles(user.roleIds);
    request.actor = {
      userId: user.userId,
      userName: user.userName,
      sessionId: claims.sessionId,
      isOwner: user.isOwner,
      roles,
      address: clientAddress(request),
    };
    const required = this.reflector.getAllAndOverride<RequiredAccess | undefined>(REQUIRED_ACCESS, targets);
    if (required === AUTHENTICATED) {
      return true;
    }
    if (required === undefined || !isPermission(required) || !hasPermission(roles, required)) {
      this.logger.warn(`denied ${request.method} ${request.path} to ${user.userName}: needs ${required ?? 'nothing'}`);
      await this.audit.record({
        type: 'PermissionDenied',
        data: {
          userId: user.userId,
          method: request.method,
          path: request.path.slice(0, 500),
          required: required ?? 'undeclared',
          address: clientAddress(request),
          at: Date.now(),
        },
      });
      throw new ForbiddenException({ code: 'FORBIDDEN', message: 'you do not have the permission this needs' });
    }
    return true;
  }
}
