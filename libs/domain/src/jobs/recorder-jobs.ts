import { InvalidJobPayloadError } from './job-payload.errors';
import { payloadReader, type PayloadReader } from './job-payload.parse';

/**
 * Jobs for a recording server (FEATURES 1.5 A1, A2, A7-A14; 6.2; 8.6): one job per device, on the queue of the
 * recorder the device is assigned to (`recorderQueueName`). Job names and fields are persisted in Redis: do not
 * rename. A worker written in another language follows the same contract:
 * - `sessionId` pairs a start with its stop: several rules may hold the same device (overlapping recordings), and
 *   the device is released when the last holder stops (a stop without a matching start is a no-op).
 * - `triggeredAt` is the triggering event's time: StartRecording keeps video from `triggeredAt - preBufferSeconds`.
 * - `causationId` is the RuleFired event: events the worker appends (RecordingStarted, ...) carry it.
 * - MoveToPreset / MoveToDefaultPreset move "always according to priority" (FEATURES 8.6, libs/domain/src/ptz): a
 *   manual session of at least `priority` keeps the camera (the job completes without moving it); `presetId` is the
 *   camera's ONVIF preset token; the default preset is the camera's home position; no priority is the lowest (1).
 * - ActivateOutput / DeactivateOutput: `deviceId` is the relay output's device id (CameraIoPort of its camera).
 * - A camera that cannot be reached fails the job with a retryable error (BullMQ's back-off); a command it can never
 *   do (unknown preset or output, no PTZ) fails unretried, its failure reason led by the code (`PTZ_PRESET_UNKNOWN:`).
 * Manual PTZ of the API travels on the same queue: see ptz-jobs.ts.
 */
export type RecorderJobContext = Readonly<{
  deviceId: string;
  ruleId: string;
  causationId: string;
  correlationId: string;
  triggeredAt: number;
}>;

type Job<N extends string, D extends object = object> = Readonly<{ name: N; data: RecorderJobContext & Readonly<D> }>;

export type FrameRateStream = 'live' | 'recording';

// persisted: do not rename (job data and ManualRecordingStopped.reason)
export const MANUAL_RECORDING_STOP_REASONS = ['user', 'auto-stop'] as const;
export type ManualRecordingStopReason = (typeof MANUAL_RECORDING_STOP_REASONS)[number];

/**
 * Manual recording (FEATURES 6.1.3): issued by the API for an operator, not by a rule, so no rule context.
 * - StartManualRecording: the session holds the camera's recording from now; `autoStopAt` is when its auto-stop job
 *   is due (reported in ManualRecordingStarted; absent when "Stop manual recording after" is off).
 * - StopManualRecording: `reason` 'user' (issued when the operator stops, `userId` = who) or 'auto-stop' (a job
 *   delayed until `autoStopAt`). Whichever runs first ends the session; the other changes nothing.
 */
export type ManualRecordingJobContext = Readonly<{ deviceId: string; sessionId: string; correlationId: string }>;

export type ManualRecordingJob =
  | Readonly<{
      name: 'StartManualRecording';
      data: ManualRecordingJobContext & Readonly<{ userId: string; autoStopAt?: number }>;
    }>
  | Readonly<{
      name: 'StopManualRecording';
      data: ManualRecordingJobContext & Readonly<{ reason: ManualRecordingStopReason; userId?: string }>;
    }>;

export type RecorderJob =
  | Job<'StartRecording', { sessionId: string; preBufferSeconds: number }>
  | Job<'StopRecording', { sessionId: string }>
  | Job<'StartFeed', { sessionId: string }>
  | Job<'StopFeed', { sessionId: string }>
  | Job<'SetFrameRate', { sessionId: string; stream: FrameRateStream; framesPerSecond: number }>
  | Job<'RestoreDefaultFrameRate', { sessionId: string; stream: FrameRateStream }>
  | Job<'StartPatrolling', { sessionId: string; patrollingProfileId: string; priority: number }>
  | Job<'StopPatrolling', { sessionId: string }>
  | Job<'PausePatrolling', { sessionId: string }>
  | Job<'ResumePatrolling', { sessionId: string }>
  | Job<'MoveToPreset', { presetId: string; priority: number }>
  | Job<'MoveToDefaultPreset', { priority?: number }>
  | Job<'ActivateOutput'>
  | Job<'DeactivateOutput'>
  | ManualRecordingJob;

export type RecorderJobName = RecorderJob['name'];
export type RecorderJobData<N extends RecorderJobName> = Extract<RecorderJob, { name: N }>['data'];

/** PTZ priorities (FEATURES 8.6) and frame rates accepted in jobs. */
export const PTZ_PRIORITY_RANGE = { min: 1, max: 32_000 } as const;
const MAX_FRAMES_PER_SECOND = 1_000;
const MAX_PRE_BUFFER_SECONDS = 3_600;
const STREAMS: readonly FrameRateStream[] = ['live', 'recording'];

const contextOf = (read: PayloadReader): RecorderJobContext => ({
  deviceId: read.text('deviceId'),
  ruleId: read.text('ruleId'),
  causationId: read.text('causationId'),
  correlationId: read.text('correlationId'),
  triggeredAt: read.integer('triggeredAt', 0, Number.MAX_SAFE_INTEGER),
});

const priority = (read: PayloadReader): number =>
  read.integer('priority', PTZ_PRIORITY_RANGE.min, PTZ_PRIORITY_RANGE.max);

const parseManualRecordingJob = (name: ManualRecordingJob['name'], read: PayloadReader): ManualRecordingJob => {
  const context: ManualRecordingJobContext = {
    deviceId: read.text('deviceId'),
    sessionId: read.text('sessionId'),
    correlationId: read.text('correlationId'),
  };
  if (name === 'StartManualRecording') {
    const autoStopAt = read.optionalInteger('autoStopAt', 0, Number.MAX_SAFE_INTEGER);
    return {
      name,
      data: { ...context, userId: read.text('userId'), ...(autoStopAt === undefined ? {} : { autoStopAt }) },
    };
  }
  const userId = read.optionalText('userId');
  return {
    name,
    data: {
      ...context,
      reason: read.oneOf('reason', MANUAL_RECORDING_STOP_REASONS),
      ...(userId === undefined ? {} : { userId }),
    },
  };
};

/** Parses a job as it comes out of Redis; throws InvalidJobPayloadError (never retried) when it breaks the contract. */
export const parseRecorderJob = (name: string, raw: unknown): RecorderJob => {
  const read = payloadReader(name, raw);
  if (name === 'StartManualRecording' || name === 'StopManualRecording') {
    return parseManualRecordingJob(name, read);
  }
  const context = contextOf(read);
  const session = () => ({ ...context, sessionId: read.text('sessionId') });
  switch (name) {
    case 'StartRecording':
      return {
        name,
        data: { ...session(), preBufferSeconds: read.integer('preBufferSeconds', 0, MAX_PRE_BUFFER_SECONDS) },
      };
    case 'SetFrameRate':
      return {
        name,
        data: {
          ...session(),
          stream: read.oneOf('stream', STREAMS),
          framesPerSecond: read.integer('framesPerSecond', 1, MAX_FRAMES_PER_SECOND),
        },
      };
    case 'RestoreDefaultFrameRate':
      return { name, data: { ...session(), stream: read.oneOf('stream', STREAMS) } };
    case 'StartPatrolling':
      return {
        name,
        data: { ...session(), patrollingProfileId: read.text('patrollingProfileId'), priority: priority(read) },
      };
    case 'StopRecording':
    case 'StartFeed':
    case 'StopFeed':
    case 'StopPatrolling':
    case 'PausePatrolling':
    case 'ResumePatrolling':
      return { name, data: session() };
    case 'MoveToPreset':
      return { name, data: { ...context, presetId: read.text('presetId'), priority: priority(read) } };
    case 'MoveToDefaultPreset': {
      const value = read.optionalInteger('priority', PTZ_PRIORITY_RANGE.min, PTZ_PRIORITY_RANGE.max);
      return { name, data: value === undefined ? context : { ...context, priority: value } };
    }
    case 'ActivateOutput':
    case 'DeactivateOutput':
      return { name, data: context };
    default:
      throw new InvalidJobPayloadError(name, 'unknown job name');
  }
};

/**
 * The n-th manual recording of a camera (n from 1): derived, not random, so that two start requests racing before
 * the recorder reported the first one name the same session, and its jobs (same ids) are added once.
 */
export const manualRecordingSessionId = (cameraId: string, sequence: number): string =>
  `manual-${cameraId}-${sequence}`; // persisted (events, sessions.csv, job ids): do not change

/** The n of a session id `manualRecordingSessionId` made for this camera; undefined for any other id. */
export const manualRecordingSequenceOf = (cameraId: string, sessionId: string): number | undefined => {
  const prefix = `manual-${cameraId}-`;
  const rest = sessionId.startsWith(prefix) ? sessionId.slice(prefix.length) : '';
  return /^[1-9][0-9]{0,14}$/.test(rest) ? Number(rest) : undefined;
};

/** Deterministic (no ':'): one start, one operator stop and one auto-stop per manual session. */
export const manualRecordingJobId = (
  job: Readonly<{ name: ManualRecordingJob['name']; data: Readonly<{ sessionId: string; reason?: string }> }>,
): string => {
  const phase = job.name === 'StartManualRecording' ? 'start' : job.data.reason === 'auto-stop' ? 'auto-stop' : 'stop';
  return ['manual', job.data.sessionId, phase].map(encodeURIComponent).join('|'); // persisted in Redis: do not change
};
