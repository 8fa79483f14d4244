import { Logger } from '@nestjs/common';
import {
  activePtzSession,
  isDomainError,
  ptzDecider,
  PTZ_PRIORITY_RANGE,
  ptzStream,
  type EventMetadata,
  type EventStore,
  type PtzManualJob,
  type RecorderJobData,
} from '@vigil/domain';
import { deterministicUuid, handleCommand, readState } from '@vigil/infrastructure';
import { OnvifControlError, withOnvifPtz, type OnvifPtz, type OnvifTarget } from '@vigil/media';
import { UnrecoverableError } from 'bullmq';
import type { CameraControlDirectory } from './camera-control.directory';

/** What became of a rule's PTZ job: done, refused by priority (FEATURES 8.6), or not a camera of this recorder. */
export type PtzOutcome = 'moved' | 'refusedByPriority' | 'unknownCamera';

/**
 * Runs PTZ jobs on the cameras of this recorder, through the arbitration of `ptz-<cameraId>` (libs/domain/ptz):
 * - a rule's MoveToPreset / MoveToDefaultPreset moves "always according to priority" (S2:12651): a manual session
 *   of at least its priority keeps the camera (the job completes, refused), a lower one is ended (`preempted`);
 * - a manual command runs only while its session holds the camera;
 * - a session's timeout job ends the session when no command extended it (and stops the head).
 * An unreachable camera throws a plain Error (BullMQ retries with back-off); a command the camera can never do
 * (unknown preset, no PTZ, refused credentials) throws an UnrecoverableError starting with its code, logged.
 */
export class PtzService {
  private readonly logger = new Logger(PtzService.name);

  constructor(
    private readonly store: EventStore,
    private readonly directory: CameraControlDirectory,
    private readonly now: () => number = Date.now,
  ) {}

  async moveByRule(
    jobId: string,
    job:
      | Readonly<{ name: 'MoveToPreset'; data: RecorderJobData<'MoveToPreset'> }>
      | Readonly<{ name: 'MoveToDefaultPreset'; data: RecorderJobData<'MoveToDefaultPreset'> }>,
  ): Promise<PtzOutcome> {
    const cameraId = job.data.deviceId;
    const target = this.directory.camera(cameraId);
    if (target === undefined) {
      return 'unknownCamera';
    }
    // The default rule moves "immediately" without a priority (S2:12388): the lowest, so no session is interrupted.
    const priority = job.name === 'MoveToPreset' ? job.data.priority : (job.data.priority ?? PTZ_PRIORITY_RANGE.min);
    const metadata: EventMetadata = { causationId: job.data.causationId, correlationId: job.data.correlationId };
    try {
      await handleCommand(
        this.store,
        ptzStream(cameraId),
        ptzDecider,
        { type: 'MovePtzByRule', cameraId, priority, now: this.now() },
        metadata,
        (index) => deterministicUuid(`${jobId}:ptz:${index}`),
      );
    } catch (error) {
      if (isDomainError(error) && error.code === 'PTZ_SESSION_HELD') {
        this.logger.warn(`${job.name} ${jobId} on camera ${cameraId} not done: ${error.message}`);
        return 'refusedByPriority';
      }
      throw error;
    }
    await this.drive(cameraId, target, job.name, (ptz) =>
      job.name === 'MoveToPreset' ? ptz.gotoPreset(job.data.presetId) : ptz.gotoHome(),
    );
    return 'moved';
  }

  /** A manual command of the API's session (PtzManualCommand), refused once the session no longer holds the camera. */
  async command(data: Extract<PtzManualJob, { name: 'PtzManualCommand' }>['data']): Promise<void> {
    const target = this.directory.camera(data.cameraId);
    if (target === undefined) {
      throw new UnrecoverableError(`CAMERA_NOT_FOUND: camera ${data.cameraId} is not driven by this recorder`);
    }
    const { state } = await readState(this.store, ptzStream(data.cameraId), ptzDecider);
    const session = activePtzSession(state, this.now());
    if (session?.sessionId !== data.sessionId) {
      throw new UnrecoverableError(
        `PTZ_SESSION_NOT_HELD: session ${data.sessionId} no longer controls camera ${data.cameraId}`,
      );
    }
    await this.drive(data.cameraId, target, `PTZ ${data.action}`, (ptz) => {
      switch (data.action) {
        case 'continuousMove':
          return ptz.continuousMove({ x: data.x, y: data.y, zoom: data.zoom }, data.timeoutMs);
        case 'relativeMove':
          return ptz.relativeMove({ x: data.x, y: data.y, zoom: data.zoom });
        case 'gotoPreset':
          return ptz.gotoPreset(data.presetToken);
        case 'gotoHome':
          return ptz.gotoHome();
        case 'stop':
          return ptz.stop();
      }
    });
  }

  /** A session's timeout job is due (PtzSessionTimeout): ends it unless a command extended it meanwhile. */
  async expire(jobId: string, data: Extract<PtzManualJob, { name: 'PtzSessionTimeout' }>['data']): Promise<boolean> {
    const { events } = await handleCommand(
      this.store,
      ptzStream(data.cameraId),
      ptzDecider,
      { type: 'ExpirePtzSession', cameraId: data.cameraId, sessionId: data.sessionId, now: this.now() },
      {},
      (index) => deterministicUuid(`${jobId}:ptz:${index}`),
    );
    const ended = events.some((event) => event.type === 'PTZManualSessionStopped');
    const target = this.directory.camera(data.cameraId);
    if (ended && target !== undefined) {
      // A head left moving by a session that went quiet stops with it; a camera away now has stopped by its own timeout.
      await withOnvifPtz(target, (ptz) => ptz.stop()).catch((error: unknown) =>
        this.logger.warn(`camera ${data.cameraId}: stop after the session's timeout failed: ${String(error)}`),
      );
    }
    return ended;
  }

  private async drive(
    cameraId: string,
    target: OnvifTarget,
    what: string,
    work: (ptz: OnvifPtz) => Promise<void>,
  ): Promise<void> {
    try {
      await withOnvifPtz(target, work);
    } catch (error) {
      throw failureOf(error, `${what} on camera ${cameraId}`, this.logger);
    }
  }
}

/** An error BullMQ retries (an unreachable camera) or an UnrecoverableError led by the code, logged either way. */
export const failureOf = (error: unknown, what: string, logger: Logger): Error => {
  if (error instanceof OnvifControlError && !error.retryable) {
    logger.error(`${what} failed, not retried: ${error.code}: ${error.message}`);
    return new UnrecoverableError(`${error.code}: ${error.message}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  logger.warn(`${what} failed, retried: ${message}`);
  return error instanceof OnvifControlError ? new Error(`${error.code}: ${error.message}`) : new Error(message);
};
