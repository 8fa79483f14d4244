import type { AccessCommand, EpochMs } from './access.types';

/** Brute-force protection. Milesight: more than 6 failures lock for 30 minutes (FEATURES 9.3.3). */
export type LockoutSettings = Readonly<{
  /** The failure after this many consecutive failures locks the user out. Whole number >= 1. */
  maxFailed: number;
  /** Whole minutes >= 1. */
  lockoutMinutes: number;
}>;

export const DEFAULT_LOCKOUT_SETTINGS: LockoutSettings = { maxFailed: 6, lockoutMinutes: 30 };

export type CreateUser = AccessCommand<
  'CreateUser',
  {
    userId: string;
    userName: string;
    displayName: string;
    passwordHash: string;
    roleIds: readonly string[];
    /** Only the installation creates the Owner; uniqueness of the Owner is the caller's to check. */
    isOwner: boolean;
    mustChangePassword: boolean;
    byUserId?: string;
    now: EpochMs;
  }
>;

export type ChangePassword = AccessCommand<
  'ChangePassword',
  {
    userId: string;
    passwordHash: string;
    byUserId: string;
    /** Defaults to true when someone else sets the password, false when users change their own. */
    mustChangePassword?: boolean;
    now: EpochMs;
  }
>;

export type DisableUser = AccessCommand<'DisableUser', { userId: string; byUserId: string; now: EpochMs }>;
export type EnableUser = AccessCommand<'EnableUser', { userId: string; byUserId: string; now: EpochMs }>;
export type DeleteUser = AccessCommand<'DeleteUser', { userId: string; byUserId: string; now: EpochMs }>;

export type ChangeUserRoles = AccessCommand<
  'ChangeUserRoles',
  { userId: string; roleIds: readonly string[]; byUserId: string; now: EpochMs }
>;

export type RecordLoginSuccess = AccessCommand<'RecordLoginSuccess', { userId: string; address: string; now: EpochMs }>;

export type RecordLoginFailure = AccessCommand<
  'RecordLoginFailure',
  { userId: string; address: string; now: EpochMs; lockout?: LockoutSettings }
>;

export type UserCommand =
  | CreateUser
  | ChangePassword
  | DisableUser
  | EnableUser
  | DeleteUser
  | ChangeUserRoles
  | RecordLoginSuccess
  | RecordLoginFailure;

/** Not part of UserCommand: it reads two users' states (see decideOwnershipTransfer). */
export type TransferOwnership = AccessCommand<
  'TransferOwnership',
  { fromUserId: string; toUserId: string; byUserId: string; now: EpochMs }
>;
