import type { AccessDomainEvent, EpochMs } from './access.types';
import type { Permission } from './permissions';

// Event type names and fields are persisted (stream `apikey-<keyId>`): do not rename.

/** What a key may do: a permission, optionally narrowed to some resources (for example user-defined event ids). */
export type ApiKeyScope = Readonly<{ permission: Permission; resourceIds?: readonly string[] }>;

/** The secret is never stored: only its SHA-256, which is enough to check a presented key. */
export type ApiKeyCreated = AccessDomainEvent<
  'ApiKeyCreated',
  { keyId: string; name: string; secretHash: string; scopes: readonly ApiKeyScope[]; createdBy: string; at: EpochMs }
>;

export type ApiKeyRevoked = AccessDomainEvent<'ApiKeyRevoked', { keyId: string; byUserId: string; at: EpochMs }>;

export type ApiKeyEvent = ApiKeyCreated | ApiKeyRevoked;
