import { DomainError } from '../shared';

/** Stable, machine-readable codes of the access area. Persisted in logs and API responses: do not rename. */
export type AccessErrorCode =
  | 'USER_NOT_FOUND'
  | 'USER_ALREADY_EXISTS'
  | 'USER_DELETED'
  | 'USER_DISABLED'
  | 'USER_LOCKED_OUT'
  | 'USER_INVALID'
  | 'OWNER_PROTECTED'
  | 'NOT_OWNER'
  | 'LOCKOUT_SETTINGS_INVALID'
  | 'ROLE_NOT_FOUND'
  | 'ROLE_ALREADY_EXISTS'
  | 'ROLE_DELETED'
  | 'ROLE_BUILT_IN'
  | 'ROLE_INVALID'
  | 'API_KEY_NOT_FOUND'
  | 'API_KEY_ALREADY_EXISTS'
  | 'API_KEY_INVALID';

export class AccessError extends DomainError<AccessErrorCode> {}
