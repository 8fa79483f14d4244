import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiKeyScope, Role } from '@vigil/domain';
import type { FastifyRequest } from 'fastify';

/** Who is calling: set by the access guard on every authenticated request. */
export type Actor = Readonly<{
  userId: string;
  userName: string;
  sessionId: string;
  isOwner: boolean;
  roles: readonly Role[];
  address: string;
  /** Set when an integration's API key authenticated the request (userId is then `apikey-<keyId>`). */
  apiKeyId?: string;
  /** The key's scopes, for routes that narrow a permission to resources (resourceIds). */
  apiKeyScopes?: readonly ApiKeyScope[];
}>;

/**
 * May this actor use `permission` on this resource? Users: their roles decide (the guard checked the permission).
 * API keys: a scope for the permission without resourceIds covers every resource; with them, only those listed.
 */
export const mayUseResource = (actor: Actor, permission: string, resourceId: string): boolean =>
  actor.apiKeyScopes === undefined ||
  actor.apiKeyScopes.some(
    (scope) =>
      scope.permission === permission && (scope.resourceIds === undefined || scope.resourceIds.includes(resourceId)),
  );

export type RequestWithActor = FastifyRequest & { actor?: Actor };

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) {
    throw new Error('CurrentActor used on a route the access guard did not authenticate');
  }
  return actor;
});

/** The caller's address as the socket sees it (no proxy headers are trusted). */
export const clientAddress = (request: FastifyRequest): string => request.socket.remoteAddress ?? 'unknown';

/** The request's path, without its query string (not decoded), as audit entries record it. */
export const requestPath = (request: FastifyRequest): string => {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
};
