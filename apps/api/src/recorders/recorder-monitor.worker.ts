import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  CHECK_RECORDERS_JOB,
  CHECK_RECORDERS_SCHEDULER_ID,
  parseRecorderMonitorJob,
  RECORDER_MONITOR_QUEUE,
} from '@vigil/domain';
import { startJobWorker, type JobWorker, type QueueRegistry } from '@vigil/infrastructure';
import type { RecorderMonitor } from './recorder-monitor';

/**
 * Runs the recorder monitor as a BullMQ repeatable job: every API process upserts the one job scheduler
 * (CHECK_RECORDERS_SCHEDULER_ID, every RECORDER_CHECK_SECONDS), so there is one check per interval however many
 * API processes run, and a check still runs while any of them does.
 */
export type RecorderMonitorOptions = Readonly<{
  redisUrl: string;
  /** The installation's QUEUE_PREFIX. */
  prefix: string;
  everySeconds: number;
}>;

export class RecorderMonitorWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecorderMonitorWorker.name);
  private worker: JobWorker | undefined;

  constructor(
    private readonly options: RecorderMonitorOptions,
    private readonly queues: QueueRegistry,
    private readonly monitor: RecorderMonitor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .queue(RECORDER_MONITOR_QUEUE)
      .upsertJobScheduler(
        CHECK_RECORDERS_SCHEDULER_ID,
        { every: this.options.everySeconds * 1000 },
        { name: CHECK_RECORDERS_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    this.worker = await startJobWorker({
      queue: RECORDER_MONITOR_QUEUE,
      redisUrl: this.options.redisUrl,
      prefix: this.options.prefix,
      concurrency: 1,
      process: async (job) => {
        parseRecorderMonitorJob(job.name, job.data);
        return this.monitor.check();
      },
    });
    this.logger.log(`checking the recorders' heartbeats every ${this.options.everySeconds} s`);
  }

  async onApplicationShutdown(): Promise<void> {
    // the scheduler stays: the other API processes go on checking
    await this.worker?.close();
  }
}
