import { loginDecision } from './login-decision';
import { MINUTE, NOW, aUserCreated } from './testing/user.fixtures';
import { userDecider } from './user.decider';
import type { UserEvent } from './user.events';

const stateOf = (history: readonly UserEvent[]) => history.reduce(userDecider.evolve, userDecider.initialState());
const alice = 'user-alice';
const lockedUntil = NOW + 30 * MINUTE;
const locked: UserEvent = { type: 'UserLockedOut', data: { userId: alice, at: NOW, until: lockedUntil } };

describe('loginDecision', () => {
  it('is unknown for a user that does not exist', () =>
    expect(loginDecision(stateOf([]), NOW)).toEqual({ outcome: 'unknown' }));

  it('is unknown for a deleted user', () =>
    expect(
      loginDecision(
        stateOf([aUserCreated(), { type: 'UserDeleted', data: { userId: alice, byUserId: 'x', at: NOW } }]),
        NOW,
      ),
    ).toEqual({ outcome: 'unknown' }));

  it('is disabled for a disabled user', () =>
    expect(
      loginDecision(
        stateOf([aUserCreated(), { type: 'UserDisabled', data: { userId: alice, byUserId: 'x', at: NOW } }]),
        NOW,
      ),
    ).toEqual({ outcome: 'disabled' }));

  it('is ok for an active user, passing on the must-change-password flag', () => {
    expect(loginDecision(stateOf([aUserCreated()]), NOW)).toEqual({ outcome: 'ok', mustChangePassword: false });
    expect(loginDecision(stateOf([aUserCreated({ mustChangePassword: true })]), NOW)).toEqual({
      outcome: 'ok',
      mustChangePassword: true,
    });
  });

  it('is locked until the lock ends, and ok from `until` on', () => {
    const state = stateOf([aUserCreated(), locked]);
    expect(loginDecision(state, lockedUntil - 1)).toEqual({ outcome: 'locked', until: lockedUntil });
    expect(loginDecision(state, lockedUntil)).toEqual({ outcome: 'ok', mustChangePassword: false });
  });

  it('is ok again after a successful login', () =>
    expect(
      loginDecision(
        stateOf([
          aUserCreated(),
          locked,
          { type: 'UserLoginSucceeded', data: { userId: alice, at: lockedUntil, address: 'a' } },
        ]),
        NOW,
      ),
    ).toEqual({ outcome: 'ok', mustChangePassword: false }));
});
