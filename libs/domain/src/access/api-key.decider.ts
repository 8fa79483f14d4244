import { assertNever } from '../shared';
import { AccessError } from './access.errors';
import type { AccessCommand, AccessDecider, EpochMs } from './access.types';
import type { ApiKeyEvent, ApiKeyScope } from './api-key.events';
import { isPermission } from './permissions';

export const API_KEY_NAME_MAX_LENGTH = 100;
export const API_KEY_MAX_SCOPES = 50;

export type CreateApiKey = AccessCommand<
  'CreateApiKey',
  { keyId: string; name: string; secretHash: string; scopes: readonly ApiKeyScope[]; createdBy: string; now: EpochMs }
>;
export type RevokeApiKey = AccessCommand<'RevokeApiKey', { keyId: string; byUserId: string; now: EpochMs }>;
export type ApiKeyCommand = CreateApiKey | RevokeApiKey;

export type ApiKeyState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Active' | 'Revoked'; keyId: string; scopes: readonly ApiKeyScope[] }>;

/** Why scopes are invalid; empty when they are fine. Whether the creator may grant them is the caller's check. */
export const apiKeyScopeProblems = (scopes: readonly ApiKeyScope[]): string[] => {
  const problems: string[] = [];
  if (scopes.length === 0 || scopes.length > API_KEY_MAX_SCOPES) {
    problems.push(`a key needs 1 to ${API_KEY_MAX_SCOPES} scopes`);
  }
  scopes.forEach((scope, index) => {
    if (!isPermission(scope.permission)) {
      problems.push(`scopes[${index}]: unknown permission '${String(scope.permission)}'`);
    }
    if (scope.resourceIds?.some((id) => id.length === 0 || id.length > 100)) {
      problems.push(`scopes[${index}]: resource ids must have 1 to 100 characters`);
    }
  });
  return problems;
};

/** API keys for integrations, stream `apikey-<keyId>`: created once (shown once), revoked for good. */
export const decideApiKey = (command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] => {
  switch (command.type) {
    case 'CreateApiKey': {
      if (state.status !== 'None') {
        throw new AccessError('API_KEY_ALREADY_EXISTS', `API key ${command.data.keyId} exists`);
      }
      const name = command.data.name.trim();
      const problems = [
        ...(name.length === 0 || name.length > API_KEY_NAME_MAX_LENGTH
          ? [`name must have 1 to ${API_KEY_NAME_MAX_LENGTH} characters`]
          : []),
        ...apiKeyScopeProblems(command.data.scopes),
      ];
      if (problems.length > 0) {
        throw new AccessError('API_KEY_INVALID', problems.join('; '), { problems });
      }
      const { keyId, secretHash, scopes, createdBy, now } = command.data;
      return [{ type: 'ApiKeyCreated', data: { keyId, name, secretHash, scopes, createdBy, at: now } }];
    }
    case 'RevokeApiKey':
      if (state.status === 'None') {
        throw new AccessError('API_KEY_NOT_FOUND', `API key ${command.data.keyId} does not exist`);
      }
      if (state.status === 'Revoked') {
        return [];
      }
      return [
        { type: 'ApiKeyRevoked', data: { keyId: state.keyId, byUserId: command.data.byUserId, at: command.data.now } },
      ];
    default:
      return assertNever(command);
  }
};

export const evolveApiKey = (state: ApiKeyState, event: ApiKeyEvent): ApiKeyState => {
  switch (event.type) {
    case 'ApiKeyCreated':
      return { status: 'Active', keyId: event.data.keyId, scopes: event.data.scopes };
    case 'ApiKeyRevoked':
      return state.status === 'None' ? state : { ...state, status: 'Revoked' };
    default:
      return assertNever(event);
  }
};

export const apiKeyDecider = {
  decide: decideApiKey,
  evolve: evolveApiKey,
  initialState: (): ApiKeyState => ({ status: 'None' }),
} satisfies AccessDecider<ApiKeyState, ApiKeyCommand, ApiKeyEvent>;
