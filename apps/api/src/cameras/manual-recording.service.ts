import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  decideManualRecordingStart,
  decideManualRecordingStop,
  deviceVisibleTo,
  hasCameraPermission,
  lastReportedManualSession,
  manualRecordingJobId,
  manualRecordingSequenceOf,
  manualRecordingSessionId,
  manualRecordingView,
  recorderQueueName,
  recordingStream,
  type EventStore,
  type ManualRecordingJob,
  type ManualRecordingRequested,
  type ManualRecordingView,
  type ManualSession,
  type PlannedManualRecordingJob,
  type StoredEvent,
} from '@vigil/domain';
import { APP_ENV, EVENT_STORE, QueueRegistry } from '@vigil/infrastructure';
import type { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AuditRecorder } from '../audit/audit.recorder';
import type { Actor } from '../auth/actor';
import type { ApiEnv } from '../config/api.env';
import { CamerasReadModel, type StoredCamera } from './cameras-read-model';

const DAY_S = 86_400;
/**
 * Kept after they ran so that the same id added again (two requests racing) is recognised and not run twice, and so
 * that a session's jobs tell its state until the recorder reported it (as the rule engine keeps its jobs).
 */
const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 7 * DAY_S },
  removeOnFail: { age: 30 * DAY_S },
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

type Request = 'start' | 'stop';

/**
 * Manual recording of a camera (FEATURES 6.1.3) for operators: the decisions are pure (libs/domain, manual-recording);
 * this adds their jobs to the queue of the camera's recorder (the recorder it is assigned to, else
 * DEFAULT_RECORDER_ID, as the rule engine routes) and reads the camera's state from the recorder's events and the jobs
 * still to run. A camera the caller may not see answers as an unknown camera; one they see without the
 * `manualRecording` permission is a 403. Every request is audited.
 */
@Injectable()
export class ManualRecordingService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_ENV) private readonly env: ApiEnv,
    private readonly cameras: CamerasReadModel,
    private readonly queues: QueueRegistry,
    private readonly audit: AuditRecorder,
  ) {}

  async state(actor: Actor, cameraId: string): Promise<ManualRecordingView> {
    const camera = await this.permittedCamera(actor, cameraId, 'GET');
    return manualRecordingView(cameraId, await this.current(camera), Date.now());
  }

  /** Starts a manual recording, or answers the one running (`created: false`). */
  async start(
    actor: Actor,
    cameraId: string,
    durationSeconds: number | undefined,
  ): Promise<{ created: boolean; view: ManualRecordingView }> {
    const camera = await this.permittedCamera(actor, cameraId, 'POST');
    const { session: last, lastSequence } = await this.sessionState(camera);
    const now = Date.now();
    const decision = decideManualRecordingStart({
      camera,
      last,
      lastSequence,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      userId: actor.userId,
      correlationId: randomUUID(),
      now,
    });
    if (decision.outcome === 'refused') {
      // the camera's state forbids it (409), or the request asked for more than the camera allows (422)
      const body = { code: decision.code, message: decision.message };
      throw decision.code === 'MANUAL_RECORDING_DURATION_INVALID'
        ? new UnprocessableEntityException(body)
        : new ConflictException(body);
    }
    if (decision.outcome === 'recording') {
      await this.audited(actor, camera, 'start', 'already-recording', decision.session);
      return { created: false, view: manualRecordingView(cameraId, decision.session, now) };
    }
    const added = await this.add(camera, decision.jobs);
    // a request racing this one added the same session's jobs first: its session (and auto-stop) is the one
    const session = added ? decision.session : ((await this.current(camera)) ?? decision.session);
    await this.audited(actor, camera, 'start', added ? 'started' : 'already-recording', session);
    return { created: added, view: manualRecordingView(cameraId, session, now) };
  }

  /** Stops the manual recording running, if any (`stopped: false` when there was none). */
  async stop(actor: Actor, cameraId: string): Promise<{ stopped: boolean; view: ManualRecordingView }> {
    const camera = await this.permittedCamera(actor, cameraId, 'DELETE');
    const current = await this.current(camera);
    const decision = decideManualRecordingStop({
      cameraId,
      current,
      userId: actor.userId,
      correlationId: randomUUID(),
      now: Date.now(),
    });
    if (decision.outcome === 'idle') {
      await this.audited(actor, camera, 'stop', 'not-recording', undefined);
      return { stopped: false, view: manualRecordingView(cameraId, undefined, Date.now()) };
    }
    await this.add(camera, [decision.job]);
    if (decision.cancelJobId !== undefined) {
      // best effort: a delayed auto-stop that cannot be removed any more runs, and the recorder ignores it
      await this.queueOf(camera)
        .remove(decision.cancelJobId)
        .catch(() => 0);
    }
    await this.audited(actor, camera, 'stop', 'stopped', decision.session);
    return { stopped: true, view: manualRecordingView(cameraId, undefined, Date.now()) };
  }

  /** The camera when the actor may see it and record it manually; the answer of an unknown camera otherwise. */
  private async permittedCamera(actor: Actor, cameraId: string, method: string): Promise<StoredCamera> {
    const camera = await this.cameras.get(cameraId);
    const notFound = () => new NotFoundException({ code: 'CAMERA_NOT_FOUND', message: 'no such camera' });
    if (!camera) {
      throw notFound();
    }
    const path = `/api/cameras/${cameraId}/manual-recording`;
    if (!deviceVisibleTo(actor.roles, cameraId)) {
      await this.denied(actor, method, path, 'visibility of the camera');
      throw notFound();
    }
    if (!hasCameraPermission(actor.roles, { cameraId, groupIds: [] }, 'manualRecording')) {
      await this.denied(actor, method, path, 'camera:manualRecording');
      throw new ForbiddenException({ code: 'FORBIDDEN', message: 'you do not have the permission this needs' });
    }
    return camera;
  }

  private queueOf(camera: StoredCamera): Queue {
    return this.queues.queue(recorderQueueName(camera.recorderId ?? this.env.DEFAULT_RECORDER_ID));
  }

  /** Adds the jobs with their deterministic ids; false when the first was there already (a racing request). */
  private async add(camera: StoredCamera, jobs: readonly PlannedManualRecordingJob[]): Promise<boolean> {
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

  private async current(camera: StoredCamera): Promise<ManualSession | undefined> {
    return (await this.sessionState(camera)).session;
  }

  /**
   * The camera's current manual session: the last one the recorder reported, unless its stop was issued meanwhile;
   * else one requested after it whose start job waits. `lastSequence` is the highest session number used.
   */
  private async sessionState(
    camera: StoredCamera,
  ): Promise<{ session: ManualSession | undefined; lastSequence: number }> {
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

  private async audited(
    actor: Actor,
    camera: StoredCamera,
    request: Request,
    outcome: ManualRecordingRequested['data']['outcome'],
    session: ManualSession | undefined,
  ): Promise<void> {
    await this.audit.record({
      type: 'ManualRecordingRequested',
      data: {
        userId: actor.userId,
        cameraId: camera.cameraId,
        request,
        outcome,
        ...(session === undefined ? {} : { sessionId: session.sessionId }),
        ...(session?.autoStopAt === undefined ? {} : { autoStopAt: session.autoStopAt }),
        address: actor.address,
        at: Date.now(),
      },
    });
  }

  private async denied(actor: Actor, method: string, path: string, required: string): Promise<void> {
    await this.audit.record({
      type: 'PermissionDenied',
      data: { userId: actor.userId, method, path, required, address: actor.address, at: Date.now() },
    });
  }
}
