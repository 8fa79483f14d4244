import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { recorderQueueName, type EventStore } from '@vigil/domain';
import { createBullMqConnection, EVENT_STORE } from '@vigil/infrastructure';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { RecorderEnv } from '../config/recorder.env';

/**
 * Consumes this recorder's BullMQ queue. Job payloads are parsed at this edge; a payload this worker does not know
 * fails without retries (UnrecoverableError), so a bad job never blocks the queue. On SIGTERM the worker stops
 * taking jobs and waits for the ones in flight (BullMQ's close), so nothing is half done or lost.
 */
@Injectable()
export class RecorderJobsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecorderJobsWorker.name);
  private worker: Worker | undefined;

  constructor(
    private readonly env: RecorderEnv,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.eventStore.headPosition();
    const queue = recorderQueueName(this.env.RECORDER_ID);
    this.worker = new Worker(queue, (job) => this.process(job), {
      connection: createBullMqConnection(this.env.REDIS_URL),
      prefix: this.env.QUEUE_PREFIX,
      concurrency: this.env.RECORDER_CONCURRENCY,
      autorun: false,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.name}#${job?.id} failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
    await this.worker.waitUntilReady();
    void this.worker.run();
    this.logger.log(`consuming ${queue} (concurrency ${this.env.RECORDER_CONCURRENCY})`);
  }

  /** The job types of FEATURES 6 and 8 (recording, PTZ, outputs) are handled here as they arrive. */
  private process(job: Job): Promise<void> {
    return Promise.reject(new UnrecoverableError(`unknown job ${job.name}`));
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    if (this.worker) {
      this.logger.log(`stopping (${signal ?? 'shutdown'}): waiting for jobs in flight`);
      await this.worker.close();
    }
  }
}
