import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import {
  decideOwnershipTransfer,
  roleAssignmentRefusals,
  userDecider,
  type EventStore,
  type PasswordPolicy,
  type UserCommand,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, isWrongRevision, readState } from '@vigil/infrastructure';
import type { Actor } from '../auth/actor';
import { assertPasswordPolicy, PASSWORD_POLICY } from '../auth/auth.service';
import { PasswordHasher } from '../auth/password.hasher';
import { SessionStore } from '../auth/session.store';
import { userStream } from './access.projection';
import { AccessReadModel } from './access-read-model';
import { AccessRepository, type UserRow } from './access.repository';
import { reserveName } from './name-reservation';
import type { CreateUserRequest, UserView } from './users.dto';

/** A UUID determined by another one and a purpose: the same inputs always give the same id. */
const derivedEventId = (eventId: string, purpose: string): string => {
  const hex = createHash('sha256').update(`${eventId}/${purpose}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const toUserView = (user: UserRow, now = Date.now()): UserView => ({
  userId: user.userId,
  userName: user.userName,
  displayName: user.displayName,
  roleIds: [...user.roleIds],
  isOwner: user.isOwner,
  status: user.disabled ? 'disabled' : user.lockedUntil && user.lockedUntil.getTime() > now ? 'lockedOut' : 'enabled',
  mustChangePassword: user.mustChangePassword,
  createdAt: user.createdAt.toISOString(),
});

/** Administration of basic users. Every change is a command on the user's stream, decided by the user decider. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: AccessRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly readModel: AccessReadModel,
    @Inject(PASSWORD_POLICY) private readonly passwordPolicy: PasswordPolicy,
  ) {}

  async create(actor: Actor, request: CreateUserRequest): Promise<{ userId: string }> {
    assertPasswordPolicy(this.passwordPolicy, request.password);
    await this.assertMayAssign(actor, request.roleIds);
    const userId = randomUUID();
    try {
      await reserveName(this.store, 'username', request.userName, userId);
    } catch (error) {
      if (isWrongRevision(error)) {
        throw new BadRequestException({ code: 'USER_NAME_TAKEN', message: 'that user name is taken' });
      }
      throw error;
    }
    await this.command(actor, userId, {
      type: 'CreateUser',
      data: {
        userId,
        userName: request.userName,
        displayName: request.displayName,
        passwordHash: await this.hasher.hash(request.password),
        roleIds: request.roleIds,
        isOwner: false,
        mustChangePassword: true,
        byUserId: actor.userId,
        now: Date.now(),
      },
    });
    return { userId };
  }

  async list(): Promise<UserView[]> {
    return (await this.access.users()).map((user) => toUserView(user));
  }

  async get(userId: string): Promise<UserView> {
    const user = await this.access.user(userId);
    if (!user) {
      throw new NotFoundException({ code: 'USER_NOT_FOUND', message: 'no such user' });
    }
    return toUserView(user);
  }

  async disable(actor: Actor, userId: string): Promise<void> {
    await this.command(actor, userId, {
      type: 'DisableUser',
      data: { userId, byUserId: actor.userId, now: Date.now() },
    });
    await this.sessions.revokeAllOf(userId);
  }

  async enable(actor: Actor, userId: string): Promise<void> {
    await this.command(actor, userId, {
      type: 'EnableUser',
      data: { userId, byUserId: actor.userId, now: Date.now() },
    });
  }

  async delete(actor: Actor, userId: string): Promise<void> {
    await this.command(actor, userId, {
      type: 'DeleteUser',
      data: { userId, byUserId: actor.userId, now: Date.now() },
    });
    await this.sessions.revokeAllOf(userId);
  }

  async resetPassword(actor: Actor, userId: string, password: string): Promise<void> {
    assertPasswordPolicy(this.passwordPolicy, password);
    await this.command(actor, userId, {
      type: 'ChangePassword',
      data: { userId, passwordHash: await this.hasher.hash(password), byUserId: actor.userId, now: Date.now() },
    });
    await this.sessions.revokeAllOf(userId);
  }

  async setRoles(actor: Actor, userId: string, roleIds: readonly string[]): Promise<void> {
    await this.assertMayAssign(actor, roleIds);
    await this.command(actor, userId, {
      type: 'ChangeUserRoles',
      data: { userId, roleIds, byUserId: actor.userId, now: Date.now() },
    });
  }

  /**
   * Only the Owner hands ownership on; the former Owner becomes an Administrator. Decided on the Owner's stream (its
   * revision stops two transfers at once), then recorded on the heir's stream under an id derived from the first,
   * so a retry never records it twice. (A crash between the two appends leaves the heir's half to be re-run.)
   */
  async transferOwnership(actor: Actor, toUserId: string): Promise<void> {
    const from = await readState(this.store, userStream(actor.userId), userDecider);
    const to = await readState(this.store, userStream(toUserId), userDecider);
    const [transferred] = decideOwnershipTransfer(
      {
        type: 'TransferOwnership',
        data: { fromUserId: actor.userId, toUserId, byUserId: actor.userId, now: Date.now() },
      },
      from.state,
      to.state,
    );
    if (!transferred) {
      return;
    }
    const metadata = { actorId: actor.userId, address: actor.address };
    const eventId = randomUUID();
    await this.store.append(
      userStream(actor.userId),
      [{ id: eventId, type: transferred.type, data: transferred.data, metadata }],
      from.expected,
    );
    const heirHalf = await this.store.append(
      userStream(toUserId),
      [{ id: derivedEventId(eventId, 'heir'), type: transferred.type, data: transferred.data, metadata }],
      'any',
    );
    await this.readModel.caughtUp(heirHalf.position);
  }

  /** Unknown roles are a bad request; roles beyond the actor's own rights are privilege escalation (403). */
  private async assertMayAssign(actor: Actor, roleIds: readonly string[]): Promise<void> {
    const roles = await this.access.roles(roleIds);
    const unknown = roleIds.filter((id) => !roles.some((role) => role.id === id));
    if (unknown.length > 0) {
      throw new BadRequestException({ code: 'ROLE_NOT_FOUND', message: 'unknown roles', details: unknown });
    }
    const refusals = roleAssignmentRefusals(actor.roles, roles);
    if (refusals.length > 0) {
      throw new ForbiddenException({
        code: 'PRIVILEGE_ESCALATION',
        message: 'you cannot grant roles with rights you do not have',
        details: refusals,
      });
    }
  }

  private async command(actor: Actor, userId: string, command: UserCommand): Promise<void> {
    const outcome = await handleCommand(this.store, userStream(userId), userDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}
