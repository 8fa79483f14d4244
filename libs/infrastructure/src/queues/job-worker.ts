import { Logger } from '@nestjs/common';
import { InvalidJobPayloadError } from '@vigil/domain';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { createBullMqConnection } from './bullmq-connection';

export type JobWorkerOptions = Readonly<{
  queue: string;
  redisUrl: string;
  prefix: string;
  concurrency: number;
  /** Parse the payload first: an InvalidJobPayloadError becomes an UnrecoverableError, so it is never retried. */
  process: (job: Job) => Promise<unknown>;
}>;

/**
 * Thrown by a job's processing to run it again at `at` (epoch ms) instead of now: the job waits in Redis as a delayed
 * job (durable across restarts) and the wait is not counted as a failed attempt. For work that is early rather than
 * failed, such as an e-mail waiting for the recording it attaches.
 */
export class RunAgainLaterError extends Error {
  constructor(
    readonly at: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RunAgainLaterError';
  }
}

/**
 * A BullMQ worker with Vigil's habits: its own blocking connection, bad payloads failed without retries, failures
 * logged with the job's name and id (never its data, which may name secrets' owners), and started only once Redis
 * answers.
 */
export type JobWorker = Readonly<{
  worker: Worker;
  /** Stops taking jobs, waits for those in flight, then closes the worker's own Redis connection. */
  close: () => Promise<void>;
}>;

export const startJobWorker = async (options: JobWorkerOptions): Promise<JobWorker> => {
  const logger = new Logger(`Worker(${options.queue})`);
  const connection = createBullMqConnection(options.redisUrl);
  const worker = new Worker(
    options.queue,
    async (job: Job, token?: string) => {
      try {
        return await options.process(job);
      } catch (error) {
        if (error instanceof InvalidJobPayloadError) {
          throw new UnrecoverableError(error.message);
        }
        if (error instanceof RunAgainLaterError) {
          await job.moveToDelayed(error.at, token);
          logger.debug(
            `job ${job.name}#${job.id ?? '?'} runs again at ${new Date(error.at).toISOString()}: ${error.message}`,
          );
          throw new DelayedError();
        }
        throw error;
      }
    },
    {
      connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      autorun: false,
    },
  );
  worker.on('failed', (job, error) =>
    logger.warn(
      `job ${job?.name ?? '?'}#${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`,
    ),
  );
  worker.on('error', (error) => logger.error(`worker error: ${error.message}`));
  await worker.waitUntilReady();
  void worker.run();
  return {
    worker,
    close: async () => {
      await worker.close();
      // BullMQ leaves a connection it was given open: it is ours to close.
      await connection.quit().catch(() => connection.disconnect());
    },
  };
};
