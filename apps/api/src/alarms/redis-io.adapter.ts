import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io over the Redis adapter, so that the socket servers of several API processes act as one: a room
 * operation from any process (disconnecting the sockets of a session that was just logged out) reaches the sockets
 * of every process. The adapter's channels are under the deployment's Redis key prefix.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly keyPrefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    const publisher = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    const subscriber = publisher.duplicate();
    this.clients.push(publisher, subscriber);
    server.adapter(createAdapter(publisher, subscriber, { key: `${this.keyPrefix}:socket.io` }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    // disconnect, not quit: quit waits for a server that may never have answered (Redis down at shutdown).
    for (const client of this.clients.splice(0)) {
      client.disconnect();
    }
  }
}
