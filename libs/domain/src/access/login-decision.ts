import type { EpochMs } from './access.types';
import type { UserState } from './user.state';
import { isLockedOut } from './user.state';

export type LoginDecision =
  | Readonly<{ outcome: 'ok'; mustChangePassword: boolean }>
  | Readonly<{ outcome: 'locked'; until: EpochMs }>
  | Readonly<{ outcome: 'disabled' }>
  | Readonly<{ outcome: 'unknown' }>;

/**
 * Whether a login attempt may go on to check the password. Checked before the password, so a locked or disabled
 * user's password is never tried. A lock ends at `until` (exclusive). Callers should not reveal to the client
 * which of 'unknown', 'disabled' or a wrong password applied.
 */
export const loginDecision = (state: UserState, now: EpochMs): LoginDecision => {
  switch (state.status) {
    case 'None':
    case 'Deleted':
      return { outcome: 'unknown' };
    case 'Disabled':
      return { outcome: 'disabled' };
    case 'Active':
      if (isLockedOut(state, now) && state.lockedUntil !== undefined) {
        return { outcome: 'locked', until: state.lockedUntil };
      }
      return { outcome: 'ok', mustChangePassword: state.mustChangePassword };
  }
};
