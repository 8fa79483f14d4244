import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Fastify serves requests only once it is ready (its routes' hooks are compiled then), which `listen()` does but a
 * bare `app.init()` (what tests do before calling the server) does not. Done once Nest has added every route and
 * its error and not-found handlers, so that an initialised app answers, as it did on Express.
 */
@Injectable()
export class FastifyReadyHook implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.getType() === 'fastify') {
      await adapter.getInstance<FastifyInstance>().ready();
    }
  }
}
