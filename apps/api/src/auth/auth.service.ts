import { Inject, Injectable, Logger, UnauthorizedException, BadRequestException } from '@nestjs/common';
import {
  isWithinTimeProfile,
  loginDecision,
  passwordProblems,
  userDecider,
  type EventStore,
  type LockoutSettings,
  type PasswordPolicy,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, readState } from '@vigil/infrastructure';
import { AccessRepository } from '../access/access.repository';
import { AuditRecorder } from '../audit/audit.recorder';
import { TimeProfilesReadModel } from '../time-profiles/time-profiles-read-model';
import { userStream } from '../access/access.projection';
import { AccessTokenService } from './access-token.service';
import type { Actor } from './actor';
import { PasswordHasher } from './password.hasher';
import { SessionStore } from './session.store';
import type { TokenResponse } from './auth.dto';

export const LOCKOUT_SETTINGS = Symbol('LOCKOUT_SETTINGS');
export const ACCESS_TOKEN_TTL = Symbol('ACCESS_TOKEN_TTL');
export const PASSWORD_POLICY = Symbol('PASSWORD_POLICY');

/** One answer for every failed login: it never tells an unknown user from a wrong password, a lock or a disabled user. */
const invalidCredentials = (): UnauthorizedException =>
  new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'user name or password is wrong' });

/**
 * Login, refresh, logout and changing one's own password. The user's stream decides (lockout counts failures per
 * user, whatever the address); sessions hold the refresh tokens.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: AccessRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionStore,
    @Inject(LOCKOUT_SETTINGS) private readonly lockout: LockoutSettings,
    @Inject(ACCESS_TOKEN_TTL) private readonly accessTokenTtlSeconds: number,
    private readonly audit: AuditRecorder,
    private readonly timeProfiles: TimeProfilesReadModel,
    @Inject(PASSWORD_POLICY) private readonly passwordPolicy: PasswordPolicy,
  ) {}

  async login(userName: string, password: string, address: string): Promise<TokenResponse> {
    const now = Date.now();
    const user = await this.access.userByName(userName);
    const { state } = user
      ? await readState(this.store, userStream(user.userId), userDecider)
      : { state: userDecider.initialState() };
    const decision = loginDecision(state, now);
    const passwordHash = decision.outcome === 'ok' && state.status === 'Active' ? state.passwordHash : undefined;
    // Always one hash verification, so the answer takes as long for an unknown or locked user.
    const passwordMatches = await this.hasher.verify(passwordHash, password);
    if (!user || decision.outcome !== 'ok') {
      const reason = decision.outcome === 'ok' ? 'unknown' : decision.outcome;
      this.logger.warn(`login refused (${reason}) from ${address}`);
      await this.audit.record({
        type: 'LoginRefused',
        data: { userName: userName.slice(0, 100), ...(user ? { userId: user.userId } : {}), reason, address, at: now },
      });
      throw invalidCredentials();
    }
    const metadata = { actorId: user.userId, address };
    if (!passwordMatches) {
      await handleCommand(
        this.store,
        userStream(user.userId),
        userDecider,
        { type: 'RecordLoginFailure', data: { userId: user.userId, address, now, lockout: this.lockout } },
        metadata,
      );
      this.logger.warn(`login failed for ${user.userName} from ${address}`);
      throw invalidCredentials();
    }
    if (!(await this.mayLogInNow(user.roleIds, now))) {
      this.logger.warn(`login of ${user.userName} refused outside the roles' login time profiles`);
      await this.audit.record({
        type: 'LoginRefused',
        data: { userName: user.userName, userId: user.userId, reason: 'outsideTimeProfile', address, at: now },
      });
      throw new UnauthorizedException({
        code: 'LOGIN_OUTSIDE_TIME_PROFILE',
        message: 'your roles do not allow logging in at this time',
      });
    }
    await handleCommand(
      this.store,
      userStream(user.userId),
      userDecider,
      { type: 'RecordLoginSuccess', data: { userId: user.userId, address, now } },
      metadata,
    );
    const session = await this.sessions.open(user.userId, address);
    return this.issue(session.userId, session.sessionId, session.refreshToken, decision.mustChangePassword);
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const session = await this.sessions.rotate(refreshToken);
    const user = session && (await this.access.user(session.userId));
    if (!session || !user || user.disabled) {
      if (session) {
        await this.sessions.revoke(session.sessionId);
      }
      throw new UnauthorizedException({ code: 'INVALID_REFRESH_TOKEN', message: 'the refresh token is not valid' });
    }
    return this.issue(user.userId, session.sessionId, session.refreshToken, user.mustChangePassword);
  }

  async logout(actor: Actor): Promise<void> {
    await this.sessions.revoke(actor.sessionId);
  }

  /** Users change their own password with the current one; every session of theirs ends (log in again). */
  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const { state } = await readState(this.store, userStream(actor.userId), userDecider);
    const currentHash = state.status === 'Active' ? state.passwordHash : undefined;
    if (!(await this.hasher.verify(currentHash, currentPassword))) {
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'the current password is wrong' });
    }
    assertPasswordPolicy(this.passwordPolicy, newPassword);
    await handleCommand(
      this.store,
      userStream(actor.userId),
      userDecider,
      {
        type: 'ChangePassword',
        data: {
          userId: actor.userId,
          passwordHash: await this.hasher.hash(newPassword),
          byUserId: actor.userId,
          mustChangePassword: false,
          now: Date.now(),
        },
      },
      { actorId: actor.userId, address: actor.address },
    );
    await this.sessions.revokeAllOf(actor.userId);
  }

  /**
   * A role may limit when its users log in (FEATURES 9.1.2). With several roles, one that allows the login now is
   * enough (a role without a login time profile always allows). Checked only after a right password.
   */
  private async mayLogInNow(roleIds: readonly string[], now: number): Promise<boolean> {
    for (const role of await this.access.roles(roleIds)) {
      if (role.loginTimeProfileId === undefined) {
        return true;
      }
      const profile = await this.timeProfiles.get(role.loginTimeProfileId);
      if (profile && isWithinTimeProfile(profile, now)) {
        return true;
      }
    }
    return false;
  }

  private issue(userId: string, sessionId: string, refreshToken: string, mustChangePassword: boolean): TokenResponse {
    return {
      accessToken: this.tokens.sign({ userId, sessionId }),
      refreshToken,
      expiresIn: this.accessTokenTtlSeconds,
      mustChangePassword,
    };
  }
}

/** 400 PASSWORD_POLICY naming every rule the password breaks (never the password). */
export const assertPasswordPolicy = (policy: PasswordPolicy, password: string): void => {
  const problems = passwordProblems(policy, password);
  if (problems.length > 0) {
    throw new BadRequestException({
      code: 'PASSWORD_POLICY',
      message: 'the password does not meet the password policy',
      details: problems,
    });
  }
};
