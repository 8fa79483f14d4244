import { assertNever } from '../shared';
import type { AccessDecider } from './access.types';
import { AccessError } from './access.errors';
import { OWNER_ROLE_ID } from './role';
import type { ChangeUserRoles, CreateUser, LockoutSettings, RecordLoginFailure, UserCommand } from './user.commands';
import { DEFAULT_LOCKOUT_SETTINGS } from './user.commands';
import type { UserEvent, UserLockedOut, UserLoginFailed } from './user.events';
import type { ExistingUserState, UserState } from './user.state';
import { initialUserState, isLockedOut, requireExistingUser } from './user.state';

/**
 * The user aggregate, stream `user-<userId>`. Who may issue a command (users.manage, canAssignRoles) and global
 * uniqueness (user names, the single Owner) need read models and are checked by the caller before deciding.
 */

const MINUTE_MS = 60_000;

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id) => b.includes(id));

const validRoleIds = (roleIds: readonly string[]): string[] => {
  const ids = unique(roleIds);
  if (ids.length === 0 || ids.some((id) => id.trim() === '')) {
    throw new AccessError('USER_INVALID', 'a user needs at least one role, and role ids must not be blank');
  }
  return ids;
};

export const validateLockoutSettings = (settings: LockoutSettings): LockoutSettings => {
  const whole = (n: number) => Number.isSafeInteger(n) && n >= 1;
  if (!whole(settings.maxFailed) || !whole(settings.lockoutMinutes)) {
    throw new AccessError('LOCKOUT_SETTINGS_INVALID', 'maxFailed and lockoutMinutes must be whole numbers >= 1');
  }
  return settings;
};

const createUser = (command: CreateUser, state: UserState): UserEvent[] => {
  if (state.status !== 'None') {
    throw new AccessError('USER_ALREADY_EXISTS', `user ${command.data.userId} already exists`);
  }
  const { userId, userName, displayName, passwordHash, isOwner, mustChangePassword, byUserId, now } = command.data;
  if (userId.trim() === '' || userName.trim() === '' || passwordHash === '') {
    throw new AccessError('USER_INVALID', 'userId, userName and passwordHash are required');
  }
  const roleIds = validRoleIds(command.data.roleIds);
  if (isOwner !== roleIds.includes(OWNER_ROLE_ID)) {
    throw new AccessError('USER_INVALID', 'the Owner, and only the Owner, holds the Owner role');
  }
  return [
    {
      type: 'UserCreated',
      data: {
        userId,
        userName: userName.trim(),
        displayName: displayName.trim() === '' ? userName.trim() : displayName.trim(),
        passwordHash,
        roleIds,
        isOwner,
        mustChangePassword,
        ...(byUserId === undefined ? {} : { byUserId }),
        at: now,
      },
    },
  ];
};

const changeUserRoles = (command: ChangeUserRoles, user: ExistingUserState): UserEvent[] => {
  const roleIds = validRoleIds(command.data.roleIds);
  if (user.isOwner && !roleIds.includes(OWNER_ROLE_ID)) {
    throw new AccessError('OWNER_PROTECTED', 'the Owner role cannot be removed from the Owner; transfer ownership');
  }
  if (!user.isOwner && roleIds.includes(OWNER_ROLE_ID)) {
    throw new AccessError('OWNER_PROTECTED', 'the Owner role is given only by transferring ownership');
  }
  if (sameIds(roleIds, user.roleIds)) {
    return [];
  }
  const { userId, byUserId, now } = command.data;
  return [{ type: 'UserRolesChanged', data: { userId, roleIds, byUserId, at: now } }];
};

const recordLoginFailure = (command: RecordLoginFailure, user: ExistingUserState): UserEvent[] => {
  const { userId, address, now } = command.data;
  const { maxFailed, lockoutMinutes } = validateLockoutSettings(command.data.lockout ?? DEFAULT_LOCKOUT_SETTINGS);
  const consecutiveFailures = user.consecutiveFailures + 1;
  const failed: UserLoginFailed = { type: 'UserLoginFailed', data: { userId, at: now, address, consecutiveFailures } };
  if (consecutiveFailures <= maxFailed) {
    return [failed];
  }
  const locked: UserLockedOut = {
    type: 'UserLockedOut',
    data: { userId, at: now, until: now + lockoutMinutes * MINUTE_MS },
  };
  return [failed, locked];
};

/** Login outcomes are recorded only for a user who could log in: check loginDecision first. */
const requireLoginPossible = (user: ExistingUserState, now: number): void => {
  if (user.status === 'Disabled') {
    throw new AccessError('USER_DISABLED', `user ${user.userId} is disabled`);
  }
  if (isLockedOut(user, now)) {
    throw new AccessError('USER_LOCKED_OUT', `user ${user.userId} is locked out`, { until: user.lockedUntil });
  }
};

const requireNotOwner = (user: ExistingUserState, what: string): void => {
  if (user.isOwner) {
    throw new AccessError('OWNER_PROTECTED', `the Owner cannot be ${what}`);
  }
};

export const decideUser = (command: UserCommand, state: UserState): UserEvent[] => {
  if (command.type === 'CreateUser') {
    return createUser(command, state);
  }
  const user = requireExistingUser(state, command.data.userId);
  switch (command.type) {
    case 'ChangePassword': {
      const { userId, passwordHash, byUserId, now } = command.data;
      if (user.isOwner && byUserId !== userId) {
        throw new AccessError('OWNER_PROTECTED', "only the Owner can change the Owner's password");
      }
      if (passwordHash === '') {
        throw new AccessError('USER_INVALID', 'passwordHash is required');
      }
      const mustChangePassword = command.data.mustChangePassword ?? byUserId !== userId;
      return [{ type: 'UserPasswordChanged', data: { userId, passwordHash, mustChangePassword, byUserId, at: now } }];
    }
    case 'DisableUser': {
      requireNotOwner(user, 'disabled');
      const { userId, byUserId, now } = command.data;
      return user.status === 'Disabled' ? [] : [{ type: 'UserDisabled', data: { userId, byUserId, at: now } }];
    }
    case 'EnableUser': {
      const { userId, byUserId, now } = command.data;
      return user.status === 'Active' ? [] : [{ type: 'UserEnabled', data: { userId, byUserId, at: now } }];
    }
    case 'DeleteUser': {
      requireNotOwner(user, 'deleted');
      const { userId, byUserId, now } = command.data;
      return [{ type: 'UserDeleted', data: { userId, byUserId, at: now } }];
    }
    case 'ChangeUserRoles':
      return changeUserRoles(command, user);
    case 'RecordLoginSuccess': {
      const { userId, address, now } = command.data;
      requireLoginPossible(user, now);
      return [{ type: 'UserLoginSucceeded', data: { userId, at: now, address } }];
    }
    case 'RecordLoginFailure':
      requireLoginPossible(user, command.data.now);
      return recordLoginFailure(command, user);
    default:
      return assertNever(command);
  }
};

const evolveExisting = (user: ExistingUserState, event: UserEvent): UserState => {
  switch (event.type) {
    case 'UserCreated':
      return user; // a stream starts once; a second creation is never decided
    case 'UserPasswordChanged':
      return { ...user, passwordHash: event.data.passwordHash, mustChangePassword: event.data.mustChangePassword };
    case 'UserDisabled':
      return { ...user, status: 'Disabled' };
    case 'UserEnabled':
      return { ...user, status: 'Active' };
    case 'UserDeleted':
      return { status: 'Deleted', userId: user.userId };
    case 'UserRolesChanged':
      return { ...user, roleIds: event.data.roleIds };
    case 'OwnershipTransferred':
      if (event.data.fromUserId === user.userId) {
        return { ...user, isOwner: false, roleIds: event.data.fromUserRoleIds };
      }
      if (event.data.toUserId === user.userId) {
        return { ...user, isOwner: true, roleIds: event.data.toUserRoleIds };
      }
      return user;
    case 'UserLoginSucceeded':
      return { ...user, consecutiveFailures: 0, lockedUntil: undefined };
    case 'UserLoginFailed':
      return { ...user, consecutiveFailures: event.data.consecutiveFailures };
    case 'UserLockedOut':
      // The lock consumes the failures: once it ends at `until`, the user gets maxFailed fresh attempts.
      return { ...user, consecutiveFailures: 0, lockedUntil: event.data.until };
    default:
      return assertNever(event);
  }
};

export const evolveUser = (state: UserState, event: UserEvent): UserState => {
  switch (state.status) {
    case 'None':
      if (event.type !== 'UserCreated') {
        return state;
      }
      return {
        status: 'Active',
        userId: event.data.userId,
        userName: event.data.userName,
        displayName: event.data.displayName,
        passwordHash: event.data.passwordHash,
        roleIds: event.data.roleIds,
        isOwner: event.data.isOwner,
        mustChangePassword: event.data.mustChangePassword,
        consecutiveFailures: 0,
      };
    case 'Deleted':
      return state;
    case 'Active':
    case 'Disabled':
      return evolveExisting(state, event);
  }
};

export const userDecider = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
} satisfies AccessDecider<UserState, UserCommand, UserEvent>;
