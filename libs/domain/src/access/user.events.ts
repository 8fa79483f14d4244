import type { AccessDomainEvent, EpochMs } from './access.types';

// Event type names and field names are persisted (stream `user-<userId>`): do not rename.
// Password hashes are opaque strings computed outside the domain; note that the history keeps every former hash.

export type UserCreated = AccessDomainEvent<
  'UserCreated',
  {
    userId: string;
    userName: string;
    displayName: string;
    passwordHash: string;
    roleIds: readonly string[];
    isOwner: boolean;
    mustChangePassword: boolean;
    /** Absent for the Owner created at installation. */
    byUserId?: string;
    at: EpochMs;
  }
>;

export type UserPasswordChanged = AccessDomainEvent<
  'UserPasswordChanged',
  { userId: string; passwordHash: string; mustChangePassword: boolean; byUserId: string; at: EpochMs }
>;

export type UserDisabled = AccessDomainEvent<'UserDisabled', { userId: string; byUserId: string; at: EpochMs }>;

export type UserEnabled = AccessDomainEvent<'UserEnabled', { userId: string; byUserId: string; at: EpochMs }>;

export type UserDeleted = AccessDomainEvent<'UserDeleted', { userId: string; byUserId: string; at: EpochMs }>;

export type UserRolesChanged = AccessDomainEvent<
  'UserRolesChanged',
  { userId: string; roleIds: readonly string[]; byUserId: string; at: EpochMs }
>;

/**
 * Decided on the former owner's stream (its revision guards against two concurrent transfers), then appended with
 * the same event id to the new owner's stream too; each side applies its own half. Carries the resulting role ids
 * of both users so that evolve and projections need no rule of their own.
 */
export type OwnershipTransferred = AccessDomainEvent<
  'OwnershipTransferred',
  {
    fromUserId: string;
    toUserId: string;
    fromUserRoleIds: readonly string[];
    toUserRoleIds: readonly string[];
    at: EpochMs;
  }
>;

export type UserLoginSucceeded = AccessDomainEvent<
  'UserLoginSucceeded',
  { userId: string; at: EpochMs; address: string }
>;

export type UserLoginFailed = AccessDomainEvent<
  'UserLoginFailed',
  { userId: string; at: EpochMs; address: string; consecutiveFailures: number }
>;

export type UserLockedOut = AccessDomainEvent<'UserLockedOut', { userId: string; at: EpochMs; until: EpochMs }>;

export type UserEvent =
  | UserCreated
  | UserPasswordChanged
  | UserDisabled
  | UserEnabled
  | UserDeleted
  | UserRolesChanged
  | OwnershipTransferred
  | UserLoginSucceeded
  | UserLoginFailed
  | UserLockedOut;
