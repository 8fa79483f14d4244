import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { RecorderSettings } from './recorder';

// Event type names and field names are persisted: do not rename.
export const RECORDER_STREAM_PREFIX = 'recorder-'; // persisted: do not rename (one stream per recorder worker)

export const recorderStream = (recorderId: string): string => `${RECORDER_STREAM_PREFIX}${recorderId}`;

/** A recorder worker started for the first time with this id. */
export type RecorderRegistered = AccessDomainEvent<
  'RecorderRegistered', // persisted: do not rename
  { recorderId: string; settings: RecorderSettings; at: EpochMs }
>;

/** It started again with other settings (the whole settings after the change). A restart with the same: nothing. */
export type RecorderSettingsChanged = AccessDomainEvent<
  'RecorderSettingsChanged', // persisted: do not rename
  { recorderId: string; settings: RecorderSettings; at: EpochMs }
>;

/**
 * The recorder's heartbeat stopped: Milestone's "server not responding" internal system event (S2:2509; its System
 * Monitor counterpart is `Service available critical`, S2:12562). `lastSeenAt`: its last heartbeat, when known.
 */
export type RecordingServerNotResponding = AccessDomainEvent<
  'RecordingServerNotResponding', // persisted: do not rename
  { recorderId: string; lastSeenAt?: EpochMs; at: EpochMs }
>;

/** Its heartbeat is there (again): "server responding" (S2:2509; `Service available normal`, S2:12563). */
export type RecordingServerResponding = AccessDomainEvent<
  'RecordingServerResponding', // persisted: do not rename
  { recorderId: string; at: EpochMs }
>;

export type RecorderEvent =
  RecorderRegistered | RecorderSettingsChanged | RecordingServerNotResponding | RecordingServerResponding;
export type RecorderEventType = RecorderEvent['type'];

// persisted: do not rename
export const RECORDER_EVENT_TYPES = [
  'RecorderRegistered',
  'RecorderSettingsChanged',
  'RecordingServerNotResponding',
  'RecordingServerResponding',
] as const satisfies readonly RecorderEventType[];

// Does not compile if a type is added to the union but forgotten in the list.
type UnlistedRecorderEventType = Exclude<RecorderEventType, (typeof RECORDER_EVENT_TYPES)[number]>;
export const allRecorderEventTypesListed: [UnlistedRecorderEventType] extends [never]
  ? true
  : UnlistedRecorderEventType = true;

export const isRecorderEventType = (value: string): value is RecorderEventType =>
  (RECORDER_EVENT_TYPES as readonly string[]).includes(value);
