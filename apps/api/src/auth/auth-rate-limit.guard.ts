import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { REDIS } from '@vigil/infrastructure';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { clientAddress, type RequestWithActor } from './actor';

export const AUTH_RATE_LIMIT = Symbol('AUTH_RATE_LIMIT');
export type AuthRateLimit = Readonly<{ perMinute: number; keyPrefix: string }>;
const WINDOW_SECONDS = 60;

/**
 * Per-address rate limit on the authentication routes (a fixed one-minute window in Redis, shared by every API
 * process). Beyond the limit: 429 with Retry-After. Account lockout is separate and counts per user, whatever the
 * address.
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTH_RATE_LIMIT) private readonly limit: AuthRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const key = `${this.limit.keyPrefix}:auth-rate:${clientAddress(request)}`;
    const [[, count], , [, ttl]] = (await this.redis
      .multi()
      .incr(key)
      .expire(key, WINDOW_SECONDS, 'NX')
      .ttl(key)
      .exec()) as [[null, number], [null, number], [null, number]];
    if (count > this.limit.perMinute) {
      context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .header('Retry-After', String(Math.max(ttl, 1)));
      throw new HttpException(
        { code: 'RATE_LIMITED', message: 'too many authentication requests from this address' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return true;
  }
}
