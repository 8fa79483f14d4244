import type { ApiKeyEvent } from './api-key.events';
import type { RoleEvent } from './role.events';
import type { UserEvent } from './user.events';

export type AccessEvent = UserEvent | RoleEvent | ApiKeyEvent;
export type AccessEventType = AccessEvent['type'];
export type AccessEventOf<T extends AccessEventType> = Extract<AccessEvent, { type: T }>;

// persisted: do not rename
export const ACCESS_EVENT_TYPES = [
  'UserCreated',
  'UserPasswordChanged',
  'UserDisabled',
  'UserEnabled',
  'UserDeleted',
  'UserRolesChanged',
  'OwnershipTransferred',
  'UserLoginSucceeded',
  'UserLoginFailed',
  'UserLockedOut',
  'RoleCreated',
  'RoleUpdated',
  'RoleDeleted',
  'ApiKeyCreated',
  'ApiKeyRevoked',
] as const satisfies readonly AccessEventType[];

// Does not compile if a type is added to a union but forgotten in the list.
type UnlistedAccessEventType = Exclude<AccessEventType, (typeof ACCESS_EVENT_TYPES)[number]>;
export const allAccessEventTypesListed: [UnlistedAccessEventType] extends [never] ? true : UnlistedAccessEventType =
  true;

export const isAccessEventType = (value: string): value is AccessEventType =>
  (ACCESS_EVENT_TYPES as readonly string[]).includes(value);
