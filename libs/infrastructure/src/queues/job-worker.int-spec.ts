// A job that is early rather than failed (RunAgainLaterError) waits in Redis as a delayed job and runs again, without
// spending one of its attempts. Real Redis and BullMQ; one queue prefix for the file.
import { Queue, QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createBullMqConnection } from './bullmq-connection';
import { RunAgainLaterError, startJobWorker, type JobWorker } from './job-worker';

describe('startJobWorker', () => {
  const prefix = `t${randomUUID().replace(/-/g, '')}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const queueName = 'run-again-later';
  const connections = [createBullMqConnection(redisUrl), createBullMqConnection(redisUrl)];
  const queue = new Queue(queueName, { connection: connections[0]!, prefix });
  const queueEvents = new QueueEvents(queueName, { connection: connections[1]!, prefix });
  const runs: { attemptsMade: number; at: number }[] = [];
  let worker: JobWorker;

  beforeAll(async () => {
    worker = await startJobWorker({
      queue: queueName,
      redisUrl,
      prefix,
      concurrency: 1,
      process: (job) => {
        runs.push({ attemptsMade: job.attemptsMade, at: Date.now() });
        if (runs.length < 3) {
          throw new RunAgainLaterError(Date.now() + 200, 'the recording has not reached the instant yet');
        }
        return Promise.resolve('done');
      },
    });
    await queueEvents.waitUntilReady();
  });
  afterAll(async () => {
    await worker.close();
    await queueEvents.close();
    await queue.close();
    await Promise.all(connections.map((connection) => connection.quit()));
  });

  it('given a job that is early twice, when it runs, then it runs again later each time and completes on its first attempt', async () => {
    const job = await queue.add('wait-for-media', {}, { jobId: 'job-1', attempts: 1 });

    const result: unknown = await job.waitUntilFinished(queueEvents, 30_000);

    expect(result).toBe('done');
    expect(runs.map((run) => run.attemptsMade)).toEqual([0, 0, 0]);
    expect((runs[1]?.at ?? 0) - (runs[0]?.at ?? 0)).toBeGreaterThanOrEqual(200);
    const finished = await queue.getJob('job-1');
    expect(finished?.attemptsMade).toBe(1);
  });
});
