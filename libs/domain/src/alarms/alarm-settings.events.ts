import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type {
  AlarmCategory,
  AlarmClosingReasons,
  AlarmDataSettings,
  AlarmPriority,
  AlarmRetention,
  AlarmStateDefinition,
} from './alarm-settings';

// Event type names and field names are persisted: do not rename.

export const ALARM_SETTINGS_STREAM_PREFIX = 'alarmsettings-'; // persisted: do not rename
/** The one alarm data settings document of the system. */
export const ALARM_SETTINGS_STREAM = `${ALARM_SETTINGS_STREAM_PREFIX}system`; // persisted: do not rename

/** The defaults, written once at the first start (by 'system'). */
export type AlarmDataSettingsInitialized = AccessDomainEvent<
  'AlarmDataSettingsInitialized', // persisted: do not rename
  { settings: AlarmDataSettings; byUserId: string; at: EpochMs }
>;
/** Each section is replaced as a whole. */
export type AlarmPrioritiesChanged = AccessDomainEvent<
  'AlarmPrioritiesChanged', // persisted: do not rename
  { priorities: readonly AlarmPriority[]; byUserId: string; at: EpochMs }
>;
export type AlarmStatesChanged = AccessDomainEvent<
  'AlarmStatesChanged', // persisted: do not rename
  { customStates: readonly AlarmStateDefinition[]; byUserId: string; at: EpochMs }
>;
export type AlarmCategoriesChanged = AccessDomainEvent<
  'AlarmCategoriesChanged', // persisted: do not rename
  { categories: readonly AlarmCategory[]; byUserId: string; at: EpochMs }
>;
export type AlarmClosingReasonsChanged = AccessDomainEvent<
  'AlarmClosingReasonsChanged', // persisted: do not rename
  { reasonsForClosing: AlarmClosingReasons; byUserId: string; at: EpochMs }
>;
export type AlarmRetentionChanged = AccessDomainEvent<
  'AlarmRetentionChanged', // persisted: do not rename
  { retention: AlarmRetention; byUserId: string; at: EpochMs }
>;

export type AlarmSettingsEvent =
  | AlarmDataSettingsInitialized
  | AlarmPrioritiesChanged
  | AlarmStatesChanged
  | AlarmCategoriesChanged
  | AlarmClosingReasonsChanged
  | AlarmRetentionChanged;
export type AlarmSettingsEventType = AlarmSettingsEvent['type'];

// persisted: do not rename
export const ALARM_SETTINGS_EVENT_TYPES = [
  'AlarmDataSettingsInitialized',
  'AlarmPrioritiesChanged',
  'AlarmStatesChanged',
  'AlarmCategoriesChanged',
  'AlarmClosingReasonsChanged',
  'AlarmRetentionChanged',
] as const satisfies readonly AlarmSettingsEventType[];

// Does not compile if a type is added to the union but forgotten in the list.
type UnlistedAlarmSettingsEventType = Exclude<AlarmSettingsEventType, (typeof ALARM_SETTINGS_EVENT_TYPES)[number]>;
export const allAlarmSettingsEventTypesListed: [UnlistedAlarmSettingsEventType] extends [never]
  ? true
  : UnlistedAlarmSettingsEventType = true;

export const isAlarmSettingsEventType = (value: string): value is AlarmSettingsEventType =>
  (ALARM_SETTINGS_EVENT_TYPES as readonly string[]).includes(value);
