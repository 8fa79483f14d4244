import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@vigil/domain';

export const REQUIRED_ACCESS = 'vigil:requiredAccess';

/** Any signed-in user (their own session, their own password): still an explicit declaration. */
export const AUTHENTICATED = 'authenticated';

export type RequiredAccess = Permission | typeof AUTHENTICATED;

/**
 * The permission a route needs. Every route declares one, @Authenticated() or @Public(): the access guard refuses a
 * route that declares nothing (deny by default), and a test enumerates the routes so that it fails early.
 */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ACCESS, permission);

export const Authenticated = (): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ACCESS, AUTHENTICATED);
