import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers block on Redis, so ioredis must retry forever (maxRetriesPerRequest: null,
 * as BullMQ requires); one connection per Queue or Worker keeps a blocked worker from stalling producers.
 */
export const createBullMqConnection = (redisUrl: string): Redis => {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true });
  connection.on('error', () => undefined); // ioredis reconnects; BullMQ surfaces failures through its own events
  return connection;
};
