import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  comparePositions,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type StoredEvent,
} from '@vigil/domain';
import type { Client, Pool, PoolClient } from 'pg';
import type { Projection } from './projection';

type Queryable = Pool | PoolClient | Client;

/**
 * The sample projection of the tests: how many events each stream of one category has, in a table of its own
 * (`stream_id`, `events`). It writes one row per event, so a batch that fails half-way has already changed the
 * read model inside its transaction, and a double delivery would show up as a wrong count.
 */
export class StreamCountsProjection implements Projection {
  /** Every event handed to handle(), including attempts that were rolled back. */
  readonly delivered: StoredEvent[] = [];
  resets = 0;
  /** Runs inside the transaction after each event's row was written: a test can throw or wait here. */
  afterEvent: ((event: StoredEvent) => Promise<void>) | undefined;

  constructor(
    readonly name: string,
    readonly table: string,
    readonly filter: EventFilter,
  ) {}

  static async create(db: Queryable, category: string, name = `counts-${category}`): Promise<StreamCountsProjection> {
    const table = `counts_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await db.query(`CREATE TABLE ${table} (stream_id text PRIMARY KEY, events integer NOT NULL)`);
    return new StreamCountsProjection(name, table, { streamPrefixes: [`${category}-`] });
  }

  /** Another instance over the same name and table: what a restarted process would build. */
  sameAs(): StreamCountsProjection {
    return new StreamCountsProjection(this.name, this.table, this.filter);
  }

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const event of events) {
      this.delivered.push(event);
      await tx.query(
        `INSERT INTO ${this.table} (stream_id, events) VALUES ($1, 1)
         ON CONFLICT (stream_id) DO UPDATE SET events = ${this.table}.events + 1`,
        [event.streamId],
      );
      await this.afterEvent?.(event);
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    this.resets += 1;
    await tx.query(`TRUNCATE ${this.table}`);
  }

  async counts(db: Queryable): Promise<Record<string, number>> {
    const { rows } = await db.query<{ stream_id: string; events: number }>(
      `SELECT stream_id, events FROM ${this.table} ORDER BY stream_id`,
    );
    return Object.fromEntries(rows.map((row) => [row.stream_id, row.events]));
  }
}

export const storedCheckpoint = async (db: Queryable, subscriberId: string): Promise<string | undefined> => {
  const { rows } = await db.query<{ position: string }>(
    'SELECT position FROM event_store.checkpoints WHERE subscriber_id = $1',
    [subscriberId],
  );
  return rows[0]?.position;
};

export const latest = (results: readonly AppendResult[]): GlobalPosition => {
  const positions = results.map((result) => result.position);
  const [first, ...rest] = positions;
  if (!first) {
    throw new Error('no append results');
  }
  return rest.reduce((max, position) => (comparePositions(position, max) > 0 ? position : max), first);
};

/**
 * Appends, retrying while the database is away. Event ids make a retry safe: an append that did commit before its
 * connection died returns the original result instead of storing the events twice.
 */
export const appendRetrying = async (
  store: EventStore,
  streamId: string,
  events: readonly NewEvent[],
  onFailure: (error: unknown) => void = () => undefined,
  attempts = 400,
): Promise<AppendResult> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await store.append(streamId, events, 'any');
    } catch (error) {
      if (attempt >= attempts) {
        throw error;
      }
      onFailure(error);
      await delay(Math.min(200, 10 * attempt));
    }
  }
};

/** A promise with its resolve function, to turn a moment inside the code under test into a signal. */
export const signal = <T = void>(): { promise: Promise<T>; resolve: (value: T) => void } => {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
};
