import type { UserCreated, UserEvent } from '../user.events';

export const NOW = Date.UTC(2025, 0, 15, 9, 0, 0);
export const MINUTE = 60_000;

export const aUserCreated = (overrides: Partial<UserCreated['data']> = {}): UserCreated => ({
  type: 'UserCreated',
  data: {
    userId: 'user-alice',
    userName: 'alice',
    displayName: 'Alice',
    passwordHash: 'hash-1',
    roleIds: ['role-operator'],
    isOwner: false,
    mustChangePassword: false,
    byUserId: 'user-owner',
    at: NOW,
    ...overrides,
  },
});

export const anOwnerCreated = (): UserCreated =>
  ({
    type: 'UserCreated',
    data: {
      userId: 'user-owner',
      userName: 'owner',
      displayName: 'Owner',
      passwordHash: 'hash-owner',
      roleIds: ['role-owner'],
      isOwner: true,
      mustChangePassword: false,
      at: NOW,
    },
  }) satisfies UserEvent;

export const failures = (userId: string, count: number, at = NOW): UserEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    type: 'UserLoginFailed',
    data: { userId, at, address: '10.0.0.9', consecutiveFailures: i + 1 },
  }));
