import { Logger } from '@nestjs/common';
import {
  isPtzManualJobName,
  isRecordingStorageJob,
  parsePtzManualJob,
  parseRecorderJob,
  parseRecordingStorageJob,
} from '@vigil/domain';
import { UnrecoverableError, type Job } from 'bullmq';
import type { OutputsService } from '../ptz/outputs.service';
import type { PtzService } from '../ptz/ptz.service';
import type { RecordingService } from '../recording/recording.service';
import type { RecordingStorageEnforcer } from '../storage/recording-storage.enforcer';

/**
 * Runs one job of this recorder's queue: the payload is parsed against its contract first (an invalid one throws
 * InvalidJobPayloadError, which the job worker turns into an UnrecoverableError: never retried).
 * - StartRecording: the session holds the camera's recording from `triggeredAt − preBufferSeconds`.
 * - StopRecording: the session releases it at the job's due time (`timestamp + delay`): "stop immediately" is due
 *   when issued, "N seconds after" is a delayed job due N seconds after its trigger, so a job run late still stops
 *   the recording at the right instant in the media.
 * - EnforceRecordingStorage (the recorder's own scheduler): the storage's retention, maximum size and free space.
 * - StartManualRecording / StopManualRecording (FEATURES 6.1.3): an operator's session, stopped by the operator or
 *   by its auto-stop (a job delayed until `autoStopAt`), whichever is due first; the other changes nothing.
 * - MoveToPreset / MoveToDefaultPreset: the camera moves according to PTZ priority (PtzService); the job's return
 *   value says `moved` or `refusedByPriority`.
 * - ActivateOutput / DeactivateOutput: the relay output named by the device id (OutputsService).
 * - PtzManualCommand / PtzSessionTimeout: manual PTZ of the API's sessions (libs/domain/src/jobs/ptz-jobs.ts).
 * A job for a device this recorder does not drive completes with a warning (nothing to do, nothing to retry).
 * Jobs of other features (feeds, frame rates, patrolling) are refused without retry until their handlers exist.
 */
export class RecorderJobProcessor {
  private readonly logger = new Logger(RecorderJobProcessor.name);

  constructor(
    private readonly recordings: RecordingService,
    private readonly ptz: PtzService,
    private readonly outputs: OutputsService,
    private readonly storage?: RecordingStorageEnforcer,
  ) {}

  async process(job: Job): Promise<unknown> {
    if (isRecordingStorageJob(job.name)) {
      parseRecordingStorageJob(job.name, job.data);
      if (this.storage === undefined) {
        throw new UnrecoverableError(`${job.name}: this recorder enforces no storage limits`);
      }
      await this.storage.enforce();
      return;
    }
    if (isPtzManualJobName(job.name)) {
      return this.processManualPtz(job);
    }
    const parsed = parseRecorderJob(job.name, job.data);
    switch (parsed.name) {
      case 'StartRecording': {
        const { data } = parsed;
        const known = await this.recordings.startRecording(data, {
          causationId: data.causationId,
          correlationId: data.correlationId,
        });
        this.warnUnknown(known, job, data.deviceId);
        return undefined;
      }
      case 'StopRecording': {
        const { data } = parsed;
        const stopAt = job.timestamp + (job.opts.delay ?? 0);
        this.warnUnknown(await this.recordings.stopRecording({ ...data, stopAt }), job, data.deviceId);
        return undefined;
      }
      case 'MoveToPreset':
      case 'MoveToDefaultPreset': {
        const outcome = await this.ptz.moveByRule(job.id ?? `${job.name}@${job.timestamp}`, parsed);
        this.warnUnknown(outcome !== 'unknownCamera', job, parsed.data.deviceId);
        return outcome;
      }
      case 'ActivateOutput':
      case 'DeactivateOutput': {
        const state = parsed.name === 'ActivateOutput' ? 'active' : 'inactive';
        this.warnUnknown(await this.outputs.set(parsed.data.deviceId, state), job, parsed.data.deviceId);
        return undefined;
      }
      case 'StartManualRecording': {
        const { data } = parsed;
        // no event caused it: an operator did (actorId), under the API request's correlation id
        const known = await this.recordings.startManualRecording(data, {
          correlationId: data.correlationId,
          actorId: data.userId,
        });
        this.warnUnknown(known, job, data.deviceId);
        return;
      }
      case 'StopManualRecording': {
        // the auto-stop is delayed until its instant; the operator's stop is due when issued
        const { data } = parsed;
        const stopAt = job.timestamp + (job.opts.delay ?? 0);
        const known = await this.recordings.stopManualRecording({ ...data, stopAt });
        this.warnUnknown(known, job, data.deviceId);
        return;
      }
      default:
        throw new UnrecoverableError(`${parsed.name} jobs are not handled by this recorder yet`);
    }
  }

  private async processManualPtz(job: Job): Promise<unknown> {
    const parsed = parsePtzManualJob(job.name, job.data);
    switch (parsed.name) {
      case 'PtzManualCommand':
        await this.ptz.command(parsed.data);
        return undefined;
      case 'PtzSessionTimeout':
        return { ended: await this.ptz.expire(job.id ?? `${job.name}@${job.timestamp}`, parsed.data) };
    }
  }

  private warnUnknown(known: boolean, job: Job, deviceId: string): void {
    if (!known) {
      this.logger.warn(`job ${job.name}#${job.id ?? '?'}: device ${deviceId} is not driven by this recorder`);
    }
  }
}
