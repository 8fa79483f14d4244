import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { recorderQueueName } from '@vigil/domain';
import { createBullMqConnection, QueueRegistry } from '@vigil/infrastructure';
import { QueueEvents, type JobsOptions } from 'bullmq';

/** Why a command the API sent to a recorder did not succeed: the worker's code, or RECORDER_NOT_ANSWERING. */
export class RecorderCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RecorderCommandError';
  }
}

const HOUR_S = 3_600;

/** Where the recorders' queues are: REDIS_URL and QUEUE_PREFIX. */
export const RECORDER_QUEUE_CONNECTION = Symbol('RECORDER_QUEUE_CONNECTION');
export type RecorderQueueConnection = Readonly<{ redisUrl: string; prefix: string }>;

/**
 * Sends typed jobs to a recorder's queue (`recorder-<id>`) and, for commands an operator waits for, waits until the
 * recorder ran them. The worker fails a job with a message led by its code (`PTZ_PRESET_UNKNOWN: …`), read back
 * here. One QueueEvents (a blocking Redis connection) per recorder queue, opened on first use.
 */
@Injectable()
export class RecorderCommandsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(RecorderCommandsClient.name);
  private readonly events = new Map<string, Promise<QueueEvents>>();
  private readonly connections: ReturnType<typeof createBullMqConnection>[] = [];

  constructor(
    @Inject(RECORDER_QUEUE_CONNECTION) private readonly connection: RecorderQueueConnection,
    private readonly queues: QueueRegistry,
  ) {}

  /** Adds a job and resolves once the recorder completed it; throws RecorderCommandError otherwise. */
  async run(recorderId: string, name: string, data: object, waitMs: number): Promise<void> {
    const queueName = recorderQueueName(recorderId);
    const events = await this.eventsOf(queueName);
    const job = await this.queues.queue(queueName).add(name, data, {
      attempts: 1, // the operator repeats a failed click; a move replayed late would surprise them
      removeOnComplete: { age: HOUR_S },
      removeOnFail: { age: 24 * HOUR_S },
    });
    try {
      await job.waitUntilFinished(events, waitMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/timed out before finishing/i.test(message)) {
        // Nobody took it (recorder down): it must not move the camera minutes later.
        await job.remove().catch(() => undefined);
        throw new RecorderCommandError(
          'RECORDER_NOT_ANSWERING',
          `recorder ${recorderId} did not run the command within ${waitMs} ms`,
        );
      }
      const coded = /^([A-Z][A-Z0-9_]+): (.*)$/s.exec(message);
      throw new RecorderCommandError(coded?.[1] ?? 'RECORDER_COMMAND_FAILED', coded?.[2] ?? message);
    }
  }

  /** Adds a job without waiting (a delayed timer); the same `jobId` twice is one job. */
  async schedule(recorderId: string, name: string, data: object, options: JobsOptions): Promise<void> {
    await this.queues.queue(recorderQueueName(recorderId)).add(name, data, {
      removeOnComplete: { age: HOUR_S },
      removeOnFail: { age: 24 * HOUR_S },
      ...options,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const all = await Promise.allSettled([...this.events.values()]);
    this.events.clear();
    await Promise.all(all.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])));
    // BullMQ leaves a connection it was given open: they are ours to close.
    await Promise.all(
      this.connections.splice(0).map((connection) => connection.quit().catch(() => connection.disconnect())),
    );
  }

  private eventsOf(queueName: string): Promise<QueueEvents> {
    let events = this.events.get(queueName);
    if (events === undefined) {
      events = (async () => {
        const connection = createBullMqConnection(this.connection.redisUrl);
        this.connections.push(connection);
        const queueEvents = new QueueEvents(queueName, {
          connection,
          prefix: this.connection.prefix,
        });
        queueEvents.on('error', (error) => this.logger.warn(`${queueName} events: ${error.message}`));
        await queueEvents.waitUntilReady();
        return queueEvents;
      })();
      this.events.set(queueName, events);
    }
    return events;
  }
}
