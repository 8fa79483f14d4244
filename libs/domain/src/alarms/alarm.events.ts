import type { AccessDomainEvent, EpochMs } from '../access/access.types';

// Event type names and field names are persisted: do not rename.

export const ALARM_STREAM_PREFIX = 'alarm-'; // persisted: do not rename (one stream per alarm)

export const alarmStream = (alarmId: string): string => `${ALARM_STREAM_PREFIX}${alarmId}`;

/** An alarm raised by a definition on an event; it starts in state 1 (New). */
export type AlarmRaised = AccessDomainEvent<
  'AlarmRaised', // persisted: do not rename
  {
    alarmId: string;
    alarmDefinitionId: string;
    /** The definition's name when the alarm was raised. */
    name: string;
    /** A priority level of the alarm data settings. */
    priority: number;
    categoryLevel?: number;
    ownerId?: string;
    relatedCameraIds: readonly string[];
    /** The event that raised the alarm, and the device it came from. */
    triggeringEventId: string;
    sourceDeviceId?: string;
    at: EpochMs;
  }
>;
/** New → In progress (4); the acknowledging user becomes the owner when there is none. */
export type AlarmAcknowledged = AccessDomainEvent<
  'AlarmAcknowledged', // persisted: do not rename
  { alarmId: string; byUserId: string; at: EpochMs }
>;
/** Assigned or reassigned to a user (`previousOwnerId` set when reassigned). */
export type AlarmAssigned = AccessDomainEvent<
  'AlarmAssigned', // persisted: do not rename
  { alarmId: string; ownerId: string; previousOwnerId?: string; byUserId: string; at: EpochMs }
>;
export type AlarmPriorityChanged = AccessDomainEvent<
  'AlarmPriorityChanged', // persisted: do not rename
  { alarmId: string; priority: number; previousPriority: number; byUserId: string; at: EpochMs }
>;
/** To any open state level: the built-in New, In progress, On hold, or a custom one. Closing is AlarmClosed. */
export type AlarmStateChanged = AccessDomainEvent<
  'AlarmStateChanged', // persisted: do not rename
  { alarmId: string; stateLevel: number; previousStateLevel: number; byUserId: string; at: EpochMs }
>;
export type AlarmCommented = AccessDomainEvent<
  'AlarmCommented', // persisted: do not rename
  { alarmId: string; text: string; byUserId: string; at: EpochMs }
>;
/** State 11 (Closed), final; `reason` is one of the reasons for closing when they are enabled. */
export type AlarmClosed = AccessDomainEvent<
  'AlarmClosed', // persisted: do not rename
  { alarmId: string; reason?: string; byUserId: string; at: EpochMs }
>;

/** Why an alarm left storage (FEATURES 5.3.8): the retention of closed alarms, or of all other (open) alarms. */
export type AlarmExpiryReason = 'closedAlarmsRetention' | 'openAlarmsRetention'; // persisted: do not rename

/**
 * The alarm's retention has passed (FEATURES 5.3.8, S2:10863-10864): it leaves the alarm list, its history is no
 * longer served and it takes no command. Final. Appended by the retention job (`byUserId` is the system); the events
 * before it stay in the event store, which is never edited.
 */
export type AlarmExpired = AccessDomainEvent<
  'AlarmExpired', // persisted: do not rename
  { alarmId: string; reason: AlarmExpiryReason; retentionDays: number; byUserId: string; at: EpochMs }
>;

export type AlarmEvent =
  | AlarmRaised
  | AlarmAcknowledged
  | AlarmAssigned
  | AlarmPriorityChanged
  | AlarmStateChanged
  | AlarmCommented
  | AlarmClosed
  | AlarmExpired;
export type AlarmEventType = AlarmEvent['type'];

// persisted: do not rename
export const ALARM_EVENT_TYPES = [
  'AlarmRaised',
  'AlarmAcknowledged',
  'AlarmAssigned',
  'AlarmPriorityChanged',
  'AlarmStateChanged',
  'AlarmCommented',
  'AlarmClosed',
  'AlarmExpired',
] as const satisfies readonly AlarmEventType[];

// Does not compile if a type is added to the union but forgotten in the list.
type UnlistedAlarmEventType = Exclude<AlarmEventType, (typeof ALARM_EVENT_TYPES)[number]>;
export const allAlarmEventTypesListed: [UnlistedAlarmEventType] extends [never] ? true : UnlistedAlarmEventType = true;

export const isAlarmEventType = (value: string): value is AlarmEventType =>
  (ALARM_EVENT_TYPES as readonly string[]).includes(value);
