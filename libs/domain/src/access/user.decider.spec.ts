import { deciderSpec } from './testing/decider-spec';
import { MINUTE, NOW, aUserCreated, anOwnerCreated, failures } from './testing/user.fixtures';
import type { CreateUser } from './user.commands';
import { userDecider } from './user.decider';
import type { UserEvent } from './user.events';

const given = deciderSpec(userDecider);
const alice = 'user-alice';
const admin = 'user-admin';
const address = '10.0.0.9';

const createAlice: CreateUser = {
  type: 'CreateUser',
  data: {
    userId: alice,
    userName: ' alice ',
    displayName: '',
    passwordHash: 'hash-1',
    roleIds: ['role-operator', 'role-operator', 'role-viewer'],
    isOwner: false,
    mustChangePassword: true,
    byUserId: admin,
    now: NOW,
  },
};

const aliceDeleted: UserEvent = { type: 'UserDeleted', data: { userId: alice, byUserId: admin, at: NOW } };
const aliceDisabled: UserEvent = { type: 'UserDisabled', data: { userId: alice, byUserId: admin, at: NOW } };

describe('user decider', () => {
  describe('CreateUser', () => {
    it('creates a user, trimming the name, defaulting the display name and dropping duplicate roles', () =>
      given([])
        .when(createAlice)
        .then([
          {
            type: 'UserCreated',
            data: {
              userId: alice,
              userName: 'alice',
              displayName: 'alice',
              passwordHash: 'hash-1',
              roleIds: ['role-operator', 'role-viewer'],
              isOwner: false,
              mustChangePassword: true,
              byUserId: admin,
              at: NOW,
            },
          },
        ]));

    it('creates the Owner without an actor', () =>
      given([])
        .when({
          type: 'CreateUser',
          data: { ...anOwnerCreated().data, now: NOW },
        })
        .then([anOwnerCreated()]));

    it('refuses an existing user', () => given([aUserCreated()]).when(createAlice).thenThrows('USER_ALREADY_EXISTS'));

    it('refuses to reuse the id of a deleted user', () =>
      given([aUserCreated(), aliceDeleted]).when(createAlice).thenThrows('USER_ALREADY_EXISTS'));

    it('refuses a user without roles', () =>
      given([])
        .when({ ...createAlice, data: { ...createAlice.data, roleIds: [] } })
        .thenThrows('USER_INVALID'));

    it('refuses a blank user name', () =>
      given([])
        .when({ ...createAlice, data: { ...createAlice.data, userName: '  ' } })
        .thenThrows('USER_INVALID'));

    it('refuses the Owner role for a user not created as the Owner', () =>
      given([])
        .when({ ...createAlice, data: { ...createAlice.data, roleIds: ['role-owner'] } })
        .thenThrows('USER_INVALID'));

    it('refuses an Owner without the Owner role', () =>
      given([])
        .when({ ...createAlice, data: { ...createAlice.data, isOwner: true } })
        .thenThrows('USER_INVALID'));
  });

  describe('ChangePassword', () => {
    it('requires a change at next login when someone else sets the password', () =>
      given([aUserCreated()])
        .when({ type: 'ChangePassword', data: { userId: alice, passwordHash: 'hash-2', byUserId: admin, now: NOW } })
        .then([
          {
            type: 'UserPasswordChanged',
            data: { userId: alice, passwordHash: 'hash-2', mustChangePassword: true, byUserId: admin, at: NOW },
          },
        ]));

    it('clears the flag when users change their own password', () =>
      given([aUserCreated({ mustChangePassword: true })])
        .when({ type: 'ChangePassword', data: { userId: alice, passwordHash: 'hash-2', byUserId: alice, now: NOW } })
        .then([
          {
            type: 'UserPasswordChanged',
            data: { userId: alice, passwordHash: 'hash-2', mustChangePassword: false, byUserId: alice, at: NOW },
          },
        ]));

    it("lets only the Owner change the Owner's password", () =>
      given([anOwnerCreated()])
        .when({ type: 'ChangePassword', data: { userId: 'user-owner', passwordHash: 'x', byUserId: admin, now: NOW } })
        .thenThrows('OWNER_PROTECTED'));

    it('refuses an unknown user', () =>
      given([])
        .when({ type: 'ChangePassword', data: { userId: alice, passwordHash: 'x', byUserId: admin, now: NOW } })
        .thenThrows('USER_NOT_FOUND'));

    it('refuses a deleted user', () =>
      given([aUserCreated(), aliceDeleted])
        .when({ type: 'ChangePassword', data: { userId: alice, passwordHash: 'x', byUserId: admin, now: NOW } })
        .thenThrows('USER_DELETED'));
  });

  describe('DisableUser / EnableUser / DeleteUser', () => {
    const by = { userId: alice, byUserId: admin, now: NOW };

    it('disables an active user', () =>
      given([aUserCreated()])
        .when({ type: 'DisableUser', data: by })
        .then([{ type: 'UserDisabled', data: { userId: alice, byUserId: admin, at: NOW } }]));

    it('ignores disabling a disabled user', () =>
      given([aUserCreated(), aliceDisabled]).when({ type: 'DisableUser', data: by }).then([]));

    it('enables a disabled user', () =>
      given([aUserCreated(), aliceDisabled])
        .when({ type: 'EnableUser', data: by })
        .then([{ type: 'UserEnabled', data: { userId: alice, byUserId: admin, at: NOW } }]));

    it('ignores enabling an active user', () =>
      given([aUserCreated()]).when({ type: 'EnableUser', data: by }).then([]));

    it('deletes a user', () => given([aUserCreated()]).when({ type: 'DeleteUser', data: by }).then([aliceDeleted]));

    it.each(['DisableUser', 'DeleteUser'] as const)('protects the Owner from %s', (type) =>
      given([anOwnerCreated()])
        .when({ type, data: { userId: 'user-owner', byUserId: admin, now: NOW } })
        .thenThrows('OWNER_PROTECTED'),
    );

    it.each(['DisableUser', 'EnableUser', 'DeleteUser'] as const)('refuses %s on a deleted user', (type) =>
      given([aUserCreated(), aliceDeleted]).when({ type, data: by }).thenThrows('USER_DELETED'),
    );
  });

  describe('ChangeUserRoles', () => {
    const change = (userId: string, roleIds: string[]) =>
      ({ type: 'ChangeUserRoles', data: { userId, roleIds, byUserId: admin, now: NOW } }) as const;

    it('changes the roles', () =>
      given([aUserCreated()])
        .when(change(alice, ['role-viewer']))
        .then([
          { type: 'UserRolesChanged', data: { userId: alice, roleIds: ['role-viewer'], byUserId: admin, at: NOW } },
        ]));

    it('ignores the same set of roles in another order', () =>
      given([aUserCreated({ roleIds: ['role-operator', 'role-viewer'] })])
        .when(change(alice, ['role-viewer', 'role-operator']))
        .then([]));

    it('refuses an empty set', () => given([aUserCreated()]).when(change(alice, [])).thenThrows('USER_INVALID'));

    it('never removes the Owner role from the Owner', () =>
      given([anOwnerCreated()])
        .when(change('user-owner', ['role-administrator']))
        .thenThrows('OWNER_PROTECTED'));

    it('lets the Owner gain other roles', () =>
      given([anOwnerCreated()])
        .when(change('user-owner', ['role-owner', 'role-operator']))
        .then([
          {
            type: 'UserRolesChanged',
            data: { userId: 'user-owner', roleIds: ['role-owner', 'role-operator'], byUserId: admin, at: NOW },
          },
        ]));

    it('never gives the Owner role to another user (ownership is transferred)', () =>
      given([aUserCreated()])
        .when(change(alice, ['role-owner']))
        .thenThrows('OWNER_PROTECTED'));
  });

  describe('RecordLoginSuccess', () => {
    const success = (now = NOW) => ({ type: 'RecordLoginSuccess', data: { userId: alice, address, now } }) as const;

    it('records the login', () =>
      given([aUserCreated()])
        .when(success())
        .then([{ type: 'UserLoginSucceeded', data: { userId: alice, at: NOW, address } }]));

    it('refuses a disabled user', () =>
      given([aUserCreated(), aliceDisabled]).when(success()).thenThrows('USER_DISABLED'));

    it('refuses a locked-out user until the lock ends', () => {
      const locked: UserEvent = { type: 'UserLockedOut', data: { userId: alice, at: NOW, until: NOW + 30 * MINUTE } };
      given([aUserCreated(), locked])
        .when(success(NOW + 30 * MINUTE - 1))
        .thenThrows('USER_LOCKED_OUT');
      given([aUserCreated(), locked])
        .when(success(NOW + 30 * MINUTE))
        .then([{ type: 'UserLoginSucceeded', data: { userId: alice, at: NOW + 30 * MINUTE, address } }]);
    });
  });

  describe('RecordLoginFailure', () => {
    const failure = (now = NOW, lockout?: { maxFailed: number; lockoutMinutes: number }) =>
      ({
        type: 'RecordLoginFailure',
        data: { userId: alice, address, now, ...(lockout === undefined ? {} : { lockout }) },
      }) as const;

    it('counts consecutive failures', () =>
      given([aUserCreated(), ...failures(alice, 2)])
        .when(failure())
        .then([{ type: 'UserLoginFailed', data: { userId: alice, at: NOW, address, consecutiveFailures: 3 } }]));

    it('does not lock at maxFailed (6 by default) failures', () =>
      given([aUserCreated(), ...failures(alice, 5)])
        .when(failure())
        .then([{ type: 'UserLoginFailed', data: { userId: alice, at: NOW, address, consecutiveFailures: 6 } }]));

    it('locks for 30 minutes on more than 6 consecutive failures', () =>
      given([aUserCreated(), ...failures(alice, 6)])
        .when(failure())
        .then([
          { type: 'UserLoginFailed', data: { userId: alice, at: NOW, address, consecutiveFailures: 7 } },
          { type: 'UserLockedOut', data: { userId: alice, at: NOW, until: NOW + 30 * MINUTE } },
        ]));

    it('uses the lockout settings of the command', () =>
      given([aUserCreated(), ...failures(alice, 4)])
        .when(failure(NOW, { maxFailed: 4, lockoutMinutes: 5 }))
        .then([
          { type: 'UserLoginFailed', data: { userId: alice, at: NOW, address, consecutiveFailures: 5 } },
          { type: 'UserLockedOut', data: { userId: alice, at: NOW, until: NOW + 5 * MINUTE } },
        ]));

    it('refuses invalid lockout settings', () =>
      given([aUserCreated()])
        .when(failure(NOW, { maxFailed: 0, lockoutMinutes: 5 }))
        .thenThrows('LOCKOUT_SETTINGS_INVALID'));

    it('restarts the count after a success', () =>
      given([
        aUserCreated(),
        ...failures(alice, 6),
        { type: 'UserLoginSucceeded', data: { userId: alice, at: NOW, address } },
      ])
        .when(failure())
        .then([{ type: 'UserLoginFailed', data: { userId: alice, at: NOW, address, consecutiveFailures: 1 } }]));

    it('restarts the count once a lock has ended', () =>
      given([
        aUserCreated(),
        ...failures(alice, 7),
        { type: 'UserLockedOut', data: { userId: alice, at: NOW, until: NOW + 30 * MINUTE } },
      ])
        .when(failure(NOW + 31 * MINUTE))
        .then([
          { type: 'UserLoginFailed', data: { userId: alice, at: NOW + 31 * MINUTE, address, consecutiveFailures: 1 } },
        ]));

    it('refuses while locked out: the password is not even checked', () =>
      given([aUserCreated(), { type: 'UserLockedOut', data: { userId: alice, at: NOW, until: NOW + 30 * MINUTE } }])
        .when(failure(NOW + MINUTE))
        .thenThrows('USER_LOCKED_OUT'));

    it('refuses an unknown user', () => given([]).when(failure()).thenThrows('USER_NOT_FOUND'));
  });
});

describe('user evolve', () => {
  it('ignores events before creation and after deletion', () => {
    const { evolve, initialState } = userDecider;
    expect(evolve(initialState(), aliceDisabled)).toEqual({ status: 'None' });
    expect(evolve({ status: 'Deleted', userId: alice }, aliceDisabled)).toEqual({ status: 'Deleted', userId: alice });
  });
});
