import type { AccessDomainEvent, EpochMs } from '../access/access.types';

// Event type names, fields and stream prefixes are persisted: do not rename.
export const RECORDING_STREAM_PREFIX = 'recording-'; // one stream per camera: recording-<cameraId>
export const COMMUNICATION_STREAM_PREFIX = 'communication-'; // one stream per camera: communication-<cameraId>

export const recordingStream = (cameraId: string): string => `${RECORDING_STREAM_PREFIX}${cameraId}`;
export const communicationStream = (cameraId: string): string => `${COMMUNICATION_STREAM_PREFIX}${cameraId}`;

/**
 * The recording of a camera started (FEATURES 2.1 `Recording Started`, 6.2): appended once per recording, whatever
 * number of sessions (rules, manual) later join it. `from` is the earliest instant the recording keeps
 * (trigger − pre-buffer); the media may start up to one GOP earlier (segments begin at keyframes) or later when the
 * pre-buffer did not hold that much. `at` is when the worker started it. Metadata: causationId = the job's RuleFired.
 * The decider leaves `recorderId` and `directory` out: the worker adds where it writes before appending.
 */
export type RecordingStarted = AccessDomainEvent<
  'RecordingStarted',
  {
    cameraId: string;
    recordingId: string;
    sessionIds: readonly string[];
    from: EpochMs;
    triggeredAt: EpochMs;
    at: EpochMs;
    /** The recorder worker that records it (its RECORDER_ID); absent in events of older workers. */
    recorderId?: string;
    /**
     * The recording's folder as the worker wrote it (absolute: `<RECORDINGS_DIR>/<cameraId>/<recordingId>`), which
     * the API reads on the shared file system to play it back. Absent in events of older workers: the API then
     * looks under its own RECORDINGS_DIR.
     */
    directory?: string;
  }
>;

/**
 * The recording ended: every session holding it was stopped (FEATURES 2.1 `Recording Stopped`). `to` is the
 * instant the last stop asked for (a delayed stop: its trigger + delay); `sessionIds` are every session that held
 * it. `media` is what was written (first and last segment times, segment count), filled by the worker once the
 * files are closed; it is absent when nothing could be recorded (the camera sent nothing).
 */
export type RecordingStopped = AccessDomainEvent<
  'RecordingStopped',
  {
    cameraId: string;
    recordingId: string;
    sessionIds: readonly string[];
    from: EpochMs;
    to: EpochMs;
    at: EpochMs;
    media?: Readonly<{ from: EpochMs; to: EpochMs; segments: number }>;
  }
>;

/** FEATURES 6.1.3: fires even when rules already record the camera; rule recording goes on after the stop. */
export type ManualRecordingStarted = AccessDomainEvent<
  'ManualRecordingStarted',
  { cameraId: string; sessionId: string; userId?: string; autoStopAt?: EpochMs; at: EpochMs }
>;
export type ManualRecordingStopped = AccessDomainEvent<
  'ManualRecordingStopped',
  { cameraId: string; sessionId: string; reason: 'user' | 'auto-stop'; at: EpochMs }
>;

/**
 * Why the worker received nothing for a while: the camera stopped sending, ffmpeg stalled or exited, the camera
 * could not be reached, or the worker itself was down (a recording resumed after a restart).
 */
export type RecordingGapReason =
  'stream-ended' | 'stream-stalled' | 'process-exited' | 'connect-failed' | 'recorder-restarted';

/**
 * No media between `from` (end of the last segment received) and `to` (start of the first segment after the
 * reconnection). Appended when the stream is back; `recordingIds` names the recordings it fell into (none when only
 * the pre-buffer was affected).
 */
export type RecordingGapDetected = AccessDomainEvent<
  'RecordingGapDetected',
  {
    cameraId: string;
    recordingIds: readonly string[];
    from: EpochMs;
    to: EpochMs;
    reason: RecordingGapReason;
    restarts: number;
    at: EpochMs;
  }
>;

/**
 * Communication with a camera (FEATURES 2.1 `Communication Error/Started/Stopped (Device)`, 2.2.5):
 * - `CommunicationStarted`: the stream is received (first time, or again after an error or a stop).
 * - `CommunicationError`: the stream has been lost for at least the debounce ("Ignore device communication errors
 *   if communication reestablished before"); `since` is when it was lost. A shorter loss appends nothing.
 * - `CommunicationStopped`: the worker stopped communicating on purpose (shutdown, camera released).
 */
export type CommunicationStarted = AccessDomainEvent<'CommunicationStarted', { cameraId: string; at: EpochMs }>;
export type CommunicationError = AccessDomainEvent<
  'CommunicationError',
  { cameraId: string; since: EpochMs; reason: RecordingGapReason; at: EpochMs }
>;
export type CommunicationStopped = AccessDomainEvent<'CommunicationStopped', { cameraId: string; at: EpochMs }>;

export type RecordingEvent =
  RecordingStarted | RecordingStopped | ManualRecordingStarted | ManualRecordingStopped | RecordingGapDetected;
export type CommunicationEvent = CommunicationStarted | CommunicationError | CommunicationStopped;

export const RECORDING_EVENT_TYPES = [
  'RecordingStarted',
  'RecordingStopped',
  'ManualRecordingStarted',
  'ManualRecordingStopped',
  'RecordingGapDetected',
] as const satisfies readonly RecordingEvent['type'][];
export const COMMUNICATION_EVENT_TYPES = [
  'CommunicationStarted',
  'CommunicationError',
  'CommunicationStopped',
] as const satisfies readonly CommunicationEvent['type'][];
