import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { AlarmDefinition } from './alarm-definition';

// Event type names and field names are persisted: do not rename.

export const ALARM_DEFINITION_STREAM_PREFIX = 'alarmdefinition-'; // persisted: do not rename (one stream per definition)

export const alarmDefinitionStream = (alarmDefinitionId: string): string =>
  `${ALARM_DEFINITION_STREAM_PREFIX}${alarmDefinitionId}`;

/** `version` starts at 1 and grows by one with every change of the definition. */
export type AlarmDefinitionCreated = AccessDomainEvent<
  'AlarmDefinitionCreated', // persisted: do not rename
  { definition: AlarmDefinition; version: number; byUserId: string; at: EpochMs }
>;
/** A full replacement of the definition (same id). */
export type AlarmDefinitionUpdated = AccessDomainEvent<
  'AlarmDefinitionUpdated', // persisted: do not rename
  { definition: AlarmDefinition; version: number; byUserId: string; at: EpochMs }
>;
export type AlarmDefinitionDeleted = AccessDomainEvent<
  'AlarmDefinitionDeleted', // persisted: do not rename
  { alarmDefinitionId: string; byUserId: string; at: EpochMs }
>;

export type AlarmDefinitionEvent = AlarmDefinitionCreated | AlarmDefinitionUpdated | AlarmDefinitionDeleted;
export type AlarmDefinitionEventType = AlarmDefinitionEvent['type'];

// persisted: do not rename
export const ALARM_DEFINITION_EVENT_TYPES = [
  'AlarmDefinitionCreated',
  'AlarmDefinitionUpdated',
  'AlarmDefinitionDeleted',
] as const satisfies readonly AlarmDefinitionEventType[];

// Does not compile if a type is added to the union but forgotten in the list.
type UnlistedAlarmDefinitionEventType = Exclude<
  AlarmDefinitionEventType,
  (typeof ALARM_DEFINITION_EVENT_TYPES)[number]
>;
export const allAlarmDefinitionEventTypesListed: [UnlistedAlarmDefinitionEventType] extends [never]
  ? true
  : UnlistedAlarmDefinitionEventType = true;

export const isAlarmDefinitionEventType = (value: string): value is AlarmDefinitionEventType =>
  (ALARM_DEFINITION_EVENT_TYPES as readonly string[]).includes(value);
