import { Injectable } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { AccessTokenService } from './access-token.service';
import type { Actor } from './actor';
import { SessionStore } from './session.store';

const BEARER = /^Bearer ([A-Za-z0-9._-]{1,4096})$/;

/** A signed-in user as an access token proves them, with when the token expires (epoch ms). */
export type BearerActor = Actor & Readonly<{ expiresAt: number }>;

/**
 * The user behind an access token: the token is valid, its session is open (not logged out, revoked, expired or
 * idle) and the user is enabled. One check for HTTP requests (the access guard) and sockets (the alarm gateway).
 */
@Injectable()
export class BearerAuthenticator {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly access: AccessRepository,
    private readonly sessions: SessionStore,
  ) {}

  /** From an `Authorization: Bearer <token>` header. */
  async fromHeader(header: string | undefined, address: string): Promise<BearerActor | undefined> {
    const token = BEARER.exec(header ?? '')?.[1];
    return token === undefined ? undefined : this.fromToken(token, address);
  }

  async fromToken(token: string, address: string): Promise<BearerActor | undefined> {
    const claims = this.tokens.verify(token);
    if (!claims || !(await this.sessions.touch(claims.sessionId))) {
      return undefined;
    }
    const user = await this.access.user(claims.userId);
    if (!user || user.disabled) {
      return undefined;
    }
    return {
      userId: user.userId,
      userName: user.userName,
      sessionId: claims.sessionId,
      isOwner: user.isOwner,
      roles: await this.access.roles(user.roleIds),
      address,
      expiresAt: claims.expiresAt,
    };
  }
}
