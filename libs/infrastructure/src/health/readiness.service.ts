import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { EVENT_STORE } from '../event-store/event-store.factory';
import { PG_POOL, REDIS } from '../infrastructure.tokens';

export type DependencyStatus = Readonly<{ ok: boolean; latencyMs: number; error?: string }>;
export type Readiness = Readonly<{ ready: boolean; checks: Readonly<Record<string, DependencyStatus>> }>;

const CHECK_TIMEOUT_MS = 2_000;

const timed = async (check: () => Promise<unknown>): Promise<DependencyStatus> => {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The message names the failure (refused, timeout), never connection strings.
    const message = error instanceof Error ? error.message : 'failed';
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
};

/** Readiness: can this process reach PostgreSQL, Redis and the event store right now? */
@Injectable()
export class ReadinessService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async check(): Promise<Readiness> {
    const [postgres, redis, eventStore] = await Promise.all([
      timed(() => this.pool.query('SELECT 1')),
      timed(() => this.redis.ping()),
      timed(() => this.eventStore.headPosition()),
    ]);
    return { ready: postgres.ok && redis.ok && eventStore.ok, checks: { postgres, redis, eventStore } };
  }
}
