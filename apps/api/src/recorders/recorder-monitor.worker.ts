import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  CHECK_RECORDERS_JOB,
  CHECK_RECORDERS_SCHEDULER_ID,
  parseRecorderMonitorJob,
  RECORDER_MONITOR_QUEUE,
} from '@vigil/domain';
import { startJobWorker, type JobWorker, type QueueRegistry } from '@vigil/infrastructure';
import type { Redis } from 'ioredis';
import type { RecorderMonitor } from './recorder-monitor';

export type RecorderMonitorOptions = Readonly<{
  redisUrl: string;
  /** The installation's QUEUE_PREFIX. */
  prefix: string;
  everySeconds: number;
}>;

/** How often a start is tried again while Redis does not answer. */
const RETRY_MS = 2_000;

/**
 * Runs the recorder monitor as a BullMQ repeatable job: every API process upserts the one job scheduler
 * (CHECK_RECORDERS_SCHEDULER_ID, every RECORDER_CHECK_SECONDS), so there is one check per interval however many
 * API processes run, and a check still runs while any of them does. The API starts without Redis (its readiness
 * says so), so the monitor starts once Redis answers, asked through the shared client that fails fast (BullMQ's own
 * connections would wait for Redis forever).
 */
export class RecorderMonitorWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecorderMonitorWorker.name);
  private worker: JobWorker | undefined;
  private retry: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly options: RecorderMonitorOptions,
    private readonly redis: Redis,
    private readonly queues: QueueRegistry,
    private readonly monitor: RecorderMonitor,
  ) {}

  onApplicationBootstrap(): void {
    this.starting = this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.starting;
    // the scheduler stays: the other API processes go on checking
    await this.worker?.close();
  }

  private async start(): Promise<void> {
    try {
      await this.redis.ping();
    } catch {
      if (!this.closed) {
        this.retry = setTimeout(() => {
          this.starting = this.start();
        }, RETRY_MS);
      }
      return;
    }
    if (this.closed) {
      return;
    }
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
}
