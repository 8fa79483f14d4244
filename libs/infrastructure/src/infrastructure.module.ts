import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { CommonEnv } from './config/common.env';
import { createEventStore, EVENT_STORE } from './event-store/event-store.factory';
import { ReadinessService } from './health/readiness.service';
import { APP_ENV, PG_POOL, REDIS } from './infrastructure.tokens';

/** QUIT when connected; otherwise stop reconnecting at once (a QUIT would wait for a server that is not there). */
export const closeRedis = async (redis: Redis): Promise<void> => {
  if (redis.status === 'ready') {
    await redis.quit();
  } else {
    redis.disconnect();
  }
};

/** Closes the shared connections last, after the app's own shutdown hooks have finished their work. */
@Injectable()
class ConnectionsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.eventStore.close(), this.pool.end(), closeRedis(this.redis)]);
  }
}

/**
 * The connections every app shares: one PostgreSQL pool (read models, readiness), one Redis client, and the
 * EventStore chosen by EVENT_STORE. Global, so feature modules inject them by token.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(env: CommonEnv): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_ENV, useValue: env },
        {
          provide: PG_POOL,
          useFactory: (): Pool => {
            const pool = new Pool({ connectionString: env.DATABASE_URL, max: 10, application_name: 'vigil' });
            pool.on('error', () => undefined); // an idle client lost its connection; the next query reconnects
            return pool;
          },
        },
        {
          provide: REDIS,
          useFactory: (): Redis => {
            const redis = new Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
            redis.on('error', () => undefined); // ioredis reconnects by itself; readiness reports the outage
            return redis;
          },
        },
        { provide: EVENT_STORE, useFactory: (): EventStore => createEventStore(env) },
        ReadinessService,
        ConnectionsCloser,
      ],
      exports: [APP_ENV, PG_POOL, REDIS, EVENT_STORE, ReadinessService],
    };
  }
}
