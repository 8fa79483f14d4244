import { decideOwnershipTransfer } from './ownership-transfer';
import { NOW, aUserCreated, anOwnerCreated } from './testing/user.fixtures';
import type { TransferOwnership } from './user.commands';
import { userDecider } from './user.decider';
import type { UserEvent } from './user.events';
import type { UserState } from './user.state';

const stateOf = (history: readonly UserEvent[]): UserState =>
  history.reduce(userDecider.evolve, userDecider.initialState());

const owner = stateOf([anOwnerCreated()]);
const alice = stateOf([aUserCreated({ roleIds: ['role-operator'] })]);

const transfer = (overrides: Partial<TransferOwnership['data']> = {}): TransferOwnership => ({
  type: 'TransferOwnership',
  data: { fromUserId: 'user-owner', toUserId: 'user-alice', byUserId: 'user-owner', now: NOW, ...overrides },
});

const codeOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error: unknown) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

describe('decideOwnershipTransfer', () => {
  it('moves the Owner role, leaving the former owner an Administrator', () =>
    expect(decideOwnershipTransfer(transfer(), owner, alice)).toEqual([
      {
        type: 'OwnershipTransferred',
        data: {
          fromUserId: 'user-owner',
          toUserId: 'user-alice',
          fromUserRoleIds: ['role-administrator'],
          toUserRoleIds: ['role-owner', 'role-operator'],
          at: NOW,
        },
      },
    ]));

  it('applies each half on its own stream', () => {
    const [event] = decideOwnershipTransfer(transfer(), owner, alice);
    if (event === undefined) {
      throw new Error('expected an event');
    }
    expect(userDecider.evolve(owner, event)).toMatchObject({ isOwner: false, roleIds: ['role-administrator'] });
    expect(userDecider.evolve(alice, event)).toMatchObject({ isOwner: true, roleIds: ['role-owner', 'role-operator'] });
  });

  it('then protects the new owner and no longer the former one', () => {
    const [event] = decideOwnershipTransfer(transfer(), owner, alice);
    if (event === undefined) {
      throw new Error('expected an event');
    }
    const del = (userId: string) => ({ type: 'DeleteUser', data: { userId, byUserId: 'user-x', now: NOW } }) as const;
    expect(codeOf(() => userDecider.decide(del('user-alice'), userDecider.evolve(alice, event)))).toBe(
      'OWNER_PROTECTED',
    );
    expect(userDecider.decide(del('user-owner'), userDecider.evolve(owner, event))).toHaveLength(1);
  });

  it('is decided by the Owner only', () =>
    expect(codeOf(() => decideOwnershipTransfer(transfer({ byUserId: 'user-admin' }), owner, alice))).toBe(
      'OWNER_PROTECTED',
    ));

  it('refuses when the source is not the Owner', () =>
    expect(
      codeOf(() =>
        decideOwnershipTransfer(
          transfer({ fromUserId: 'user-alice', byUserId: 'user-alice', toUserId: 'user-owner' }),
          alice,
          owner,
        ),
      ),
    ).toBe('NOT_OWNER'));

  it('refuses a disabled, deleted or unknown heir', () => {
    const disabled = stateOf([
      aUserCreated(),
      { type: 'UserDisabled', data: { userId: 'user-alice', byUserId: 'x', at: NOW } },
    ]);
    expect(codeOf(() => decideOwnershipTransfer(transfer(), owner, disabled))).toBe('USER_DISABLED');
    expect(codeOf(() => decideOwnershipTransfer(transfer(), owner, { status: 'Deleted', userId: 'user-alice' }))).toBe(
      'USER_DELETED',
    );
    expect(codeOf(() => decideOwnershipTransfer(transfer(), owner, { status: 'None' }))).toBe('USER_NOT_FOUND');
  });

  it('does nothing when the Owner transfers to itself', () =>
    expect(decideOwnershipTransfer(transfer({ toUserId: 'user-owner' }), owner, owner)).toEqual([]));
});
