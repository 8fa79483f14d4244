import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'vigil:isPublic';

/**
 * Marks a route as deliberately open (health probes, login). Every other route will require authentication and an
 * explicit permission once access control lands; this marker is how a route opts out, visibly.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
