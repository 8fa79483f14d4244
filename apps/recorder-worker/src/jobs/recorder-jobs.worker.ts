import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { recorderQueueName } from '@vigil/domain';
import { startJobWorker, type JobWorker } from '@vigil/infrastructure';
import { RecorderEnv } from '../config/recorder.env';
import { CameraControlDirectory } from '../ptz/camera-control.directory';
import { OutputsService } from '../ptz/outputs.service';
import { PtzService } from '../ptz/ptz.service';
import { RECORDER_CAMERA_SOURCE, type RecorderCameraSource } from '../recording/recorder-cameras.port';
import { RecordingService } from '../recording/recording.service';
import { RecordingStorageEnforcer } from '../storage/recording-storage.enforcer';
import { scheduleRecordingStorageChecks } from '../storage/recording-storage.schedule';
import { RecorderJobProcessor } from './recorder-job.processor';

/**
 * Consumes this recorder's BullMQ queue `recorder-<RECORDER_ID>` through RecorderJobProcessor (recordings, PTZ,
 * outputs). On SIGTERM the worker stops taking jobs and waits for the ones in flight (BullMQ's close), then the
 * cameras are released.
 */
@Injectable()
export class RecorderJobsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecorderJobsWorker.name);
  private worker: JobWorker | undefined;

  constructor(
    private readonly env: RecorderEnv,
    private readonly recordings: RecordingService,
    private readonly storage: RecordingStorageEnforcer,
    private readonly ptz: PtzService,
    private readonly outputs: OutputsService,
    private readonly directory: CameraControlDirectory,
    @Inject(RECORDER_CAMERA_SOURCE) private readonly cameras: RecorderCameraSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.recordings.open();
    await this.directory.open(this.cameras);
    const processor = new RecorderJobProcessor(this.recordings, this.ptz, this.outputs, this.storage);
    const queue = recorderQueueName(this.env.RECORDER_ID);
    this.worker = await startJobWorker({
      queue,
      redisUrl: this.env.REDIS_URL,
      prefix: this.env.QUEUE_PREFIX,
      concurrency: this.env.RECORDER_CONCURRENCY,
      process: (job) => processor.process(job),
    });
    this.logger.log(`consuming ${queue} (concurrency ${this.env.RECORDER_CONCURRENCY})`);
    await scheduleRecordingStorageChecks({
      redisUrl: this.env.REDIS_URL,
      prefix: this.env.QUEUE_PREFIX,
      recorderId: this.env.RECORDER_ID,
      everyMs: this.env.STORAGE_CHECK_SECONDS * 1_000,
    });
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`stopping (${signal ?? 'shutdown'}): waiting for jobs in flight`);
    await this.worker?.close();
    await this.directory.close();
    await this.recordings.close();
  }
}
