import { apiKeyDecider, type CreateApiKey } from './api-key.decider';
import type { ApiKeyCreated } from './api-key.events';
import { deciderSpec } from './testing/decider-spec';

const given = deciderSpec(apiKeyDecider);
const keyId = '6f1c1f5e-1111-4a4a-8a8a-000000000001';

const create = (overrides: Partial<CreateApiKey['data']> = {}): CreateApiKey => ({
  type: 'CreateApiKey',
  data: {
    keyId,
    name: ' Door controller ',
    secretHash: 'hash',
    scopes: [{ permission: 'genericEvents.trigger' }],
    createdBy: 'admin',
    now: 1_000,
    ...overrides,
  },
});

const created: ApiKeyCreated = {
  type: 'ApiKeyCreated',
  data: {
    keyId,
    name: 'Door controller',
    secretHash: 'hash',
    scopes: [{ permission: 'genericEvents.trigger' }],
    createdBy: 'admin',
    at: 1_000,
  },
};

describe('API key decider', () => {
  it('creates a key once, with a trimmed name', () => {
    given([]).when(create()).then([created]);
    given([created]).when(create()).thenThrows('API_KEY_ALREADY_EXISTS');
  });

  it.each([
    ['no scopes', { scopes: [] }],
    ['an unknown permission', { scopes: [{ permission: 'launch.missiles' as 'users.view' }] }],
    ['an empty resource id', { scopes: [{ permission: 'userDefinedEvents.trigger' as const, resourceIds: [''] }] }],
    ['a blank name', { name: '   ' }],
  ])('refuses %s', (_, overrides) => {
    given([]).when(create(overrides)).thenThrows('API_KEY_INVALID');
  });

  it('revokes an active key once; revoking again changes nothing', () => {
    const revoke = { type: 'RevokeApiKey' as const, data: { keyId, byUserId: 'admin', now: 2_000 } };
    const revoked = { type: 'ApiKeyRevoked' as const, data: { keyId, byUserId: 'admin', at: 2_000 } };

    given([created]).when(revoke).then([revoked]);
    given([created, revoked]).when(revoke).then([]);
    given([]).when(revoke).thenThrows('API_KEY_NOT_FOUND');
  });
});
