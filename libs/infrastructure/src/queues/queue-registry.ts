import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createBullMqConnection } from './bullmq-connection';

/**
 * The BullMQ queues a producer writes to, opened on first use and sharing one connection (producers never block).
 * The rule engine addresses one queue per recorder worker, so the set is open-ended.
 */
export class QueueRegistry {
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    this.connection = createBullMqConnection(redisUrl);
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Resolves once Redis answers; start-up waits on it so a wrong REDIS_URL fails fast. */
  async ready(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    await this.connection.quit().catch(() => undefined);
  }
}
