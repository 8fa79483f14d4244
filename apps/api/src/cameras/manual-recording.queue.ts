import { Inject, Injectable } from '@nestjs/common';
import {
  lastReportedManualSession,
  manualRecordingJobId,
  manualRecordingSequenceOf,
  manualRecordingSessionId,
  recorderQueueName,
  recordingStream,
  type EventStore,
  type ManualRecordingJob,
  type ManualSession,
  type PlannedManualRecordingJob,
  type StoredEvent,
} from '@vigil/domain';
import { APP_ENV, EVENT_STORE, KEEP_FOR_DEDUPLICATION, QueueRegistry } from '@vigil/infrastructure';
import type { Job, Queue } from 'bullmq';
import type { ApiEnv } from '../config/api.env';
import type { StoredCamera } from './cameras-read-model';

/** Kept after they ran (KEEP_FOR_DEDUPLICATION): a racing request's same ids are ignored, and they tell the state. */
const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  ...KEEP_FOR_DEDUPLICATION,
} as const;
const PENDING_STATES: ReadonlySet<string> = new Set([
  'waiting',
  'delayed',
  'active',
  'prioritized',
  'waiting-children',
]);
/** Sessions requested but never reported (their recorder does not record the camera) are skipped up to this many. */
const MAX_UNREPORTED_SESSIONS = 1_000;

/**
 * A camera's manual sessions on the queue of its recorder (the one it is assigned to, else DEFAULT_RECORDER_ID, as
 * the rule engine routes): adds their jobs, cancels an auto-stop, and tells the current session from the recorder's
 * events (`recording-<cameraId>`) and, until it reported them, from the jobs still to run.
 */
@Injectable()
export class ManualRecordingQueue {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_ENV) private readonly env: ApiEnv,
    private readonly queues: QueueRegistry,
  ) {}

  /** Best effort: a delayed auto-stop that cannot be removed any more runs, and the recorder ignores it. */
  async cancel(camera: StoredCamera, jobId: string): Promise<void> {
    await this.queueOf(camera)
      .remove(jobId)
      .catch(() => 0);
  }

  async current(camera: StoredCamera): Promise<ManualSession | undefined> {
    return (await this.sessionState(camera)).session;
  }

  private queueOf(camera: StoredCamera): Queue {
    return this.queues.queue(recorderQueueName(camera.recorderId ?? this.env.DEFAULT_RECORDER_ID));
  }

  /** Adds the jobs with their deterministic ids; false when the first was there already (a racing request). */
  async add(camera: StoredCamera, jobs: readonly PlannedManualRecordingJob[]): Promise<boolean> {
    const queue = this.queueOf(camera);
    const first = jobs[0];
    const existed = first !== undefined && (await queue.getJob(first.jobId)) !== undefined;
    await queue.addBulk(
      jobs.map((planned) => ({
        name: planned.job.name,
        data: planned.job.data,
        opts: { jobId: planned.jobId, timestamp: planned.issuedAt, delay: planned.delayMs, ...JOB_OPTIONS },
      })),
    );
    return !existed;
  }

  /**
   * The camera's current manual session: the last one the recorder reported, unless its stop was issued meanwhile;
   * else one requested after it whose start job waits. `lastSequence` is the highest session number used.
   */
  async sessionState(camera: StoredCamera): Promise<{ session: ManualSession | undefined; lastSequence: number }> {
    const queue = this.queueOf(camera);
    const stopIssued = async (sessionId: string): Promise<boolean> =>
      (await this.jobOf(queue, 'StopManualRecording', sessionId, 'user')) !== undefined;
    let latest = lastReportedManualSession(camera.cameraId, await this.newestFirst(camera.cameraId));
    if (latest !== undefined && !latest.stopped) {
      if (!(await stopIssued(latest.sessionId))) {
        return { session: latest, lastSequence: latest.sequence };
      }
      latest = { ...latest, stopped: true };
    }
    let sequence = latest?.sequence ?? 0;
    for (let skipped = 0; skipped < MAX_UNREPORTED_SESSIONS; skipped += 1) {
      const sessionId = manualRecordingSessionId(camera.cameraId, sequence + 1);
      const start = await this.jobOf(queue, 'StartManualRecording', sessionId);
      if (start === undefined) {
        break;
      }
      sequence += 1;
      if (!PENDING_STATES.has(await start.getState())) {
        // it ran: reported since the stream was read, or never (its recorder does not record the camera)
        const reported = lastReportedManualSession(camera.cameraId, await this.newestFirst(camera.cameraId));
        if (reported?.sessionId === sessionId) {
          latest = { ...reported, stopped: reported.stopped || (await stopIssued(sessionId)) };
          if (!latest.stopped) {
            break;
          }
        }
        continue;
      }
      const data = start.data as Extract<ManualRecordingJob, { name: 'StartManualRecording' }>['data'];
      latest = {
        sessionId,
        sequence,
        userId: data.userId,
        requestedAt: start.timestamp,
        ...(data.autoStopAt === undefined ? {} : { autoStopAt: data.autoStopAt }),
        stopped: await stopIssued(sessionId),
      };
      if (!latest.stopped) {
        break;
      }
    }
    return { session: latest, lastSequence: sequence };
  }

  private async jobOf(
    queue: Queue,
    name: ManualRecordingJob['name'],
    sessionId: string,
    reason?: 'user',
  ): Promise<Job | undefined> {
    const jobId = manualRecordingJobId({ name, data: { sessionId, ...(reason === undefined ? {} : { reason }) } });
    return (await queue.getJob(jobId)) ?? undefined;
  }

  /** The camera's recording events, newest first, read only as far back as its last manual start of this API. */
  private async newestFirst(cameraId: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for await (const event of this.store.readStream(recordingStream(cameraId), { direction: 'backwards' })) {
      events.push(event);
      const sessionId = (event.data as { sessionId?: unknown }).sessionId;
      if (
        event.type === 'ManualRecordingStarted' &&
        typeof sessionId === 'string' &&
        manualRecordingSequenceOf(cameraId, sessionId) !== undefined
      ) {
        break;
      }
    }
    return events;
  }
}
