import type { EpochMs } from './access.types';
import { AccessError } from './access.errors';

export type ExistingUserState = Readonly<{
  status: 'Active' | 'Disabled';
  userId: string;
  userName: string;
  displayName: string;
  passwordHash: string;
  roleIds: readonly string[];
  isOwner: boolean;
  mustChangePassword: boolean;
  /** Failures since the last success or the last lockout. */
  consecutiveFailures: number;
  /** Locked while `now < lockedUntil`. */
  lockedUntil?: EpochMs;
}>;

export type UserState =
  Readonly<{ status: 'None' }> | ExistingUserState | Readonly<{ status: 'Deleted'; userId: string }>;

export const initialUserState = (): UserState => ({ status: 'None' });

/** The user, or USER_NOT_FOUND / USER_DELETED: a deleted user accepts no commands. */
export const requireExistingUser = (state: UserState, userId: string): ExistingUserState => {
  switch (state.status) {
    case 'None':
      throw new AccessError('USER_NOT_FOUND', `user ${userId} does not exist`);
    case 'Deleted':
      throw new AccessError('USER_DELETED', `user ${userId} is deleted`);
    case 'Active':
    case 'Disabled':
      return state;
  }
};

export const isLockedOut = (state: ExistingUserState, now: EpochMs): boolean =>
  state.lockedUntil !== undefined && now < state.lockedUntil;
