import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { TimeProfile } from './time-profile';

// Event type names and field names are persisted (stream `timeprofile-<id>`): do not rename.

export const TIME_PROFILE_STREAM_PREFIX = 'timeprofile-'; // persisted: do not rename

export const timeProfileStream = (timeProfileId: string): string => `${TIME_PROFILE_STREAM_PREFIX}${timeProfileId}`;

export type TimeProfileCreated = AccessDomainEvent<
  'TimeProfileCreated',
  { profile: TimeProfile; byUserId: string; at: EpochMs }
>;

/** A full replacement of the definition (same id). */
export type TimeProfileUpdated = AccessDomainEvent<
  'TimeProfileUpdated',
  { profile: TimeProfile; byUserId: string; at: EpochMs }
>;

export type TimeProfileDeleted = AccessDomainEvent<
  'TimeProfileDeleted',
  { timeProfileId: string; byUserId: string; at: EpochMs }
>;

export type TimeProfileEvent = TimeProfileCreated | TimeProfileUpdated | TimeProfileDeleted;
export type TimeProfileEventType = TimeProfileEvent['type'];

// persisted: do not rename
export const TIME_PROFILE_EVENT_TYPES = [
  'TimeProfileCreated',
  'TimeProfileUpdated',
  'TimeProfileDeleted',
] as const satisfies readonly TimeProfileEventType[];

// Does not compile if a type is added to the union but forgotten in the list.
type UnlistedTimeProfileEventType = Exclude<TimeProfileEventType, (typeof TIME_PROFILE_EVENT_TYPES)[number]>;
export const allTimeProfileEventTypesListed: [UnlistedTimeProfileEventType] extends [never]
  ? true
  : UnlistedTimeProfileEventType = true;

export const isTimeProfileEventType = (value: string): value is TimeProfileEventType =>
  (TIME_PROFILE_EVENT_TYPES as readonly string[]).includes(value);
