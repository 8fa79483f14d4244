import type { EpochMs } from '../access/access.types';
import {
  manualRecordingAutoStopOf,
  MANUAL_RECORDING_AUTO_STOP_MAX_MINUTES,
  type RecordingSettings,
} from '../cameras/camera';
import {
  manualRecordingJobId,
  manualRecordingSequenceOf,
  manualRecordingSessionId,
  type ManualRecordingJob,
} from '../jobs/recorder-jobs';
import type { ManualRecordingStarted, ManualRecordingStopped } from './recording.events';

/**
 * Manual recording as the API decides it (FEATURES 6.1.3): one manual session per camera at a time, started and
 * stopped by operators, ended by its auto-stop ("Stop manual recording after", a job delayed until then) when no one
 * stopped it first. The recorder reports what happened (ManualRecordingStarted / Stopped); between a request and that
 * report the session is known from its jobs.
 */

/** A camera's current (or last) manual session, from the recorder's events and the jobs still to run. */
export type ManualSession = Readonly<{
  sessionId: string;
  sequence: number;
  userId?: string;
  /** When the recorder started it (ManualRecordingStarted.at); absent while its start job waits. */
  startedAt?: EpochMs;
  /** When its start was requested (the start job's time), while the recorder has not reported it. */
  requestedAt?: EpochMs;
  autoStopAt?: EpochMs;
  /** It ended, or its stop was issued (the operator's stop job exists, or its auto-stop is due). */
  stopped: boolean;
}>;

export type ManualRecordingView = Readonly<{
  cameraId: string;
  recording: boolean;
  /** 'starting': requested, the recorder has not reported it yet. */
  state: 'idle' | 'starting' | 'recording';
  sessionId?: string;
  startedBy?: string;
  startedAt?: EpochMs;
  autoStopAt?: EpochMs;
}>;

/**
 * A job to add to the camera's recorder queue: deterministic id, delayed for the auto-stop. `issuedAt` is the job's
 * timestamp: the recorder stops at timestamp + delay, which is then exactly the `autoStopAt` it reported.
 */
export type PlannedManualRecordingJob = Readonly<{
  job: ManualRecordingJob;
  jobId: string;
  issuedAt: EpochMs;
  delayMs: number;
}>;

export type ManualRecordingRefusal = Readonly<{
  outcome: 'refused';
  code: 'CAMERA_DISABLED' | 'CAMERA_RECORDING_DISABLED' | 'MANUAL_RECORDING_DURATION_INVALID';
  message: string;
}>;

export type ManualRecordingStartDecision =
  | ManualRecordingRefusal
  /** Already recording manually: the same session, nothing issued (an idempotent answer, not an error). */
  | Readonly<{ outcome: 'recording'; session: ManualSession }>
  | Readonly<{ outcome: 'start'; session: ManualSession; jobs: readonly PlannedManualRecordingJob[] }>;

export type ManualRecordingStopDecision =
  | Readonly<{ outcome: 'idle' }>
  /** `cancelJobId`: the auto-stop job to remove (if it runs anyway, the recorder ignores it). */
  | Readonly<{ outcome: 'stop'; session: ManualSession; job: PlannedManualRecordingJob; cancelJobId?: string }>;

type ManualFact = Pick<ManualRecordingStarted, 'type' | 'data'> | Pick<ManualRecordingStopped, 'type' | 'data'>;

export const isManualRecordingFact = (event: Readonly<{ type: string }>): event is ManualFact =>
  event.type === 'ManualRecordingStarted' || event.type === 'ManualRecordingStopped';

/**
 * The last manual session the recorder reported for the camera, from its `recording-<cameraId>` events newest first
 * (read backwards: only the events after the last start are needed). Sessions this API did not name are skipped.
 */
export const lastReportedManualSession = (
  cameraId: string,
  newestFirst: Iterable<Readonly<{ type: string; data: unknown }>>,
): ManualSession | undefined => {
  const stoppedIds = new Set<string>();
  for (const event of newestFirst) {
    if (!isManualRecordingFact(event)) {
      continue;
    }
    if (event.type === 'ManualRecordingStopped') {
      stoppedIds.add(event.data.sessionId);
      continue;
    }
    const { sessionId, userId, autoStopAt, at } = event.data;
    const sequence = manualRecordingSequenceOf(cameraId, sessionId);
    if (sequence === undefined) {
      continue;
    }
    return {
      sessionId,
      sequence,
      ...(userId === undefined ? {} : { userId }),
      startedAt: at,
      ...(autoStopAt === undefined ? {} : { autoStopAt }),
      stopped: stoppedIds.has(sessionId),
    };
  }
  return undefined;
};

/** A session is over once stopped, or once its auto-stop is due (the job will run, maybe late). */
export const isManualSessionActive = (session: ManualSession | undefined, now: EpochMs): session is ManualSession =>
  session !== undefined && !session.stopped && (session.autoStopAt === undefined || session.autoStopAt > now);

export const manualRecordingView = (
  cameraId: string,
  session: ManualSession | undefined,
  now: EpochMs,
): ManualRecordingView => {
  if (!isManualSessionActive(session, now)) {
    return { cameraId, recording: false, state: 'idle' };
  }
  return {
    cameraId,
    recording: true,
    state: session.startedAt === undefined ? 'starting' : 'recording',
    sessionId: session.sessionId,
    ...(session.userId === undefined ? {} : { startedBy: session.userId }),
    ...(session.startedAt === undefined ? {} : { startedAt: session.startedAt }),
    ...(session.autoStopAt === undefined ? {} : { autoStopAt: session.autoStopAt }),
  };
};

/** The camera as a manual start needs it. */
export type ManualRecordingCamera = Readonly<{ cameraId: string; enabled: boolean; recording: RecordingSettings }>;

export type ManualRecordingStartInput = Readonly<{
  camera: ManualRecordingCamera;
  /** The camera's last manual session (active or not), if any. */
  last: ManualSession | undefined;
  /** The highest session sequence already used for the camera (0: none). */
  lastSequence: number;
  /** How long this recording may last; default: the camera's "Stop manual recording after". */
  durationSeconds?: number;
  userId: string;
  correlationId: string;
  now: EpochMs;
}>;

const MAX_DURATION_SECONDS = MANUAL_RECORDING_AUTO_STOP_MAX_MINUTES * 60;

/**
 * Starts a manual recording: refused on a disabled camera or one whose recording is off (FEATURES 6.1.1, 6.1.9);
 * the same session when one is active. A duration may shorten the camera's auto-stop, never lengthen it (the
 * administrator's limit "ensures that the system automatically stops all recordings started by users", S2:6458);
 * with the auto-stop off, it may be up to a day, and without one the recording lasts until stopped.
 */
export const decideManualRecordingStart = (input: ManualRecordingStartInput): ManualRecordingStartDecision => {
  const { camera, now } = input;
  if (!camera.enabled) {
    return { outcome: 'refused', code: 'CAMERA_DISABLED', message: 'the camera is disabled' };
  }
  if (!camera.recording.enabled) {
    return { outcome: 'refused', code: 'CAMERA_RECORDING_DISABLED', message: 'recording is off on this camera' };
  }
  const autoStop = manualRecordingAutoStopOf(camera.recording);
  const maxSeconds = autoStop.enabled ? autoStop.minutes * 60 : MAX_DURATION_SECONDS;
  const { durationSeconds } = input;
  if (
    durationSeconds !== undefined &&
    (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > maxSeconds)
  ) {
    return {
      outcome: 'refused',
      code: 'MANUAL_RECORDING_DURATION_INVALID',
      message: `the duration is a whole number of seconds from 1 to ${maxSeconds} on this camera`,
    };
  }
  if (isManualSessionActive(input.last, now)) {
    return { outcome: 'recording', session: input.last };
  }
  const seconds = durationSeconds ?? (autoStop.enabled ? maxSeconds : undefined);
  const autoStopAt = seconds === undefined ? undefined : now + seconds * 1000;
  const sequence = input.lastSequence + 1;
  const sessionId = manualRecordingSessionId(camera.cameraId, sequence);
  const context = { deviceId: camera.cameraId, sessionId, correlationId: input.correlationId };
  const start: ManualRecordingJob = {
    name: 'StartManualRecording',
    data: { ...context, userId: input.userId, ...(autoStopAt === undefined ? {} : { autoStopAt }) },
  };
  const jobs: PlannedManualRecordingJob[] = [
    { job: start, jobId: manualRecordingJobId(start), issuedAt: now, delayMs: 0 },
  ];
  if (autoStopAt !== undefined) {
    const autoStopJob: ManualRecordingJob = { name: 'StopManualRecording', data: { ...context, reason: 'auto-stop' } };
    jobs.push({ job: autoStopJob, jobId: manualRecordingJobId(autoStopJob), issuedAt: now, delayMs: autoStopAt - now });
  }
  return {
    outcome: 'start',
    session: {
      sessionId,
      sequence,
      userId: input.userId,
      requestedAt: now,
      ...(autoStopAt === undefined ? {} : { autoStopAt }),
      stopped: false,
    },
    jobs,
  };
};

/** Stops the active manual session, if any (stopping nothing is not an error: the answer says it is idle). */
export const decideManualRecordingStop = (
  input: Readonly<{
    cameraId: string;
    current: ManualSession | undefined;
    userId: string;
    correlationId: string;
    now: EpochMs;
  }>,
): ManualRecordingStopDecision => {
  const { current } = input;
  if (!isManualSessionActive(current, input.now)) {
    return { outcome: 'idle' };
  }
  const context = { deviceId: input.cameraId, sessionId: current.sessionId, correlationId: input.correlationId };
  const job: ManualRecordingJob = {
    name: 'StopManualRecording',
    data: { ...context, reason: 'user', userId: input.userId },
  };
  const autoStop: ManualRecordingJob = { name: 'StopManualRecording', data: { ...context, reason: 'auto-stop' } };
  return {
    outcome: 'stop',
    session: { ...current, stopped: true },
    job: { job, jobId: manualRecordingJobId(job), issuedAt: input.now, delayMs: 0 },
    ...(current.autoStopAt === undefined ? {} : { cancelJobId: manualRecordingJobId(autoStop) }),
  };
};
