import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { NotificationProfile } from './notification-profile';

// Event type names, field names and stream prefixes are persisted: do not rename.

export const NOTIFICATION_PROFILE_STREAM_PREFIX = 'notificationprofile-'; // persisted: do not rename

export const notificationProfileStream = (notificationProfileId: string): string =>
  `${NOTIFICATION_PROFILE_STREAM_PREFIX}${notificationProfileId}`;

export type NotificationProfileCreated = AccessDomainEvent<
  'NotificationProfileCreated',
  { profile: NotificationProfile; byUserId: string; at: EpochMs }
>;

/** A full replacement of the definition (same id). */
export type NotificationProfileUpdated = AccessDomainEvent<
  'NotificationProfileUpdated',
  { profile: NotificationProfile; byUserId: string; at: EpochMs }
>;

export type NotificationProfileDeleted = AccessDomainEvent<
  'NotificationProfileDeleted',
  { notificationProfileId: string; byUserId: string; at: EpochMs }
>;

export type NotificationProfileEvent =
  NotificationProfileCreated | NotificationProfileUpdated | NotificationProfileDeleted;
export type NotificationProfileEventType = NotificationProfileEvent['type'];

// persisted: do not rename
export const NOTIFICATION_PROFILE_EVENT_TYPES = [
  'NotificationProfileCreated',
  'NotificationProfileUpdated',
  'NotificationProfileDeleted',
] as const satisfies readonly NotificationProfileEventType[];

// Does not compile if a type is added to the union but forgotten in the list.
type UnlistedProfileEventType = Exclude<
  NotificationProfileEventType,
  (typeof NOTIFICATION_PROFILE_EVENT_TYPES)[number]
>;
export const allNotificationProfileEventTypesListed: [UnlistedProfileEventType] extends [never]
  ? true
  : UnlistedProfileEventType = true;

export const isNotificationProfileEventType = (value: string): value is NotificationProfileEventType =>
  (NOTIFICATION_PROFILE_EVENT_TYPES as readonly string[]).includes(value);
