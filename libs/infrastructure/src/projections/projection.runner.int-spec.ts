import { formatPosition, type AppendResult, type StoredEvent } from '@vigil/domain';
import { Pool } from 'pg';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { someEvents, uniqueCategory } from '../testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { latest, signal, storedCheckpoint, StreamCountsProjection } from './projection.fixtures';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection.runner';

const BATCH_SIZE = 10;

describe('ProjectionRunner', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let pool: Pool;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // Small batches, so that N events arrive in several batches and a failure can strike in the middle of one.
    store = new PostgresEventStore({
      connectionString: database.url,
      polling: { batchSize: BATCH_SIZE, pollIntervalMs: 100, maxRetryDelayMs: 100 },
    });
    pool = new Pool({ connectionString: database.url, max: 6 });
    pool.on('error', () => undefined);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  const runnerFor = (projection: StreamCountsProjection): ProjectionRunner => {
    const runner = new ProjectionRunner({
      projection,
      eventStore: store,
      pool,
      retry: { initialDelayMs: 10, maxDelayMs: 100 },
    });
    runners.push(runner);
    return runner;
  };

  /** Appends `perStream` events to each stream, in appends of at most 7 events, and returns the results. */
  const appendTo = async (streams: readonly string[], perStream: number): Promise<AppendResult[]> => {
    const results: AppendResult[] = [];
    for (const stream of streams) {
      for (let done = 0; done < perStream; done += 7) {
        results.push(await store.append(stream, someEvents(Math.min(7, perStream - done)), 'any'));
      }
    }
    return results;
  };

  const idsOf = (events: readonly StoredEvent[]): string[] => events.map((event) => event.id);

  it('projects every event exactly once, and continues after a restart without counting anything twice', async () => {
    // Given 3 streams with 20 events each, and a running projection that counts events per stream
    const category = uniqueCategory();
    const [a, b, c] = [`${category}-a`, `${category}-b`, `${category}-c`];
    const projection = await StreamCountsProjection.create(pool, category);
    const before = await appendTo([a, b, c], 20);
    const runner = runnerFor(projection);
    runner.start();

    // When 12 more events are appended to one stream while it runs
    const live = await appendTo([a], 12);
    await runner.waitForPosition(latest([...before, ...live]));

    // Then the read model has exactly the 72 events, and the checkpoint is the last one
    expect(await projection.counts(pool)).toEqual({ [a]: 32, [b]: 20, [c]: 20 });
    expect(projection.delivered).toHaveLength(72);
    expect(await storedCheckpoint(pool, projection.name)).toBe(formatPosition(latest(live)));

    // When the runner stops, 5 events are appended meanwhile, and a new runner (a restarted process) takes over
    await runner.stop();
    expect(runner.state).toBe('stopped');
    const whileStopped = await appendTo([c], 5);
    const restarted = projection.sameAs();
    const next = runnerFor(restarted);
    next.start();
    await next.waitForPosition(latest(whileStopped));

    // Then it handled only the 5 new events, and no stream is counted twice
    expect(idsOf(restarted.delivered)).toHaveLength(5);
    expect(await projection.counts(pool)).toEqual({ [a]: 32, [b]: 20, [c]: 25 });
    expect(await storedCheckpoint(pool, projection.name)).toBe(formatPosition(latest(whileStopped)));
  });

  it('rebuilds the read model from the start to the same result', async () => {
    // Given a projection that is up to date with 45 events
    const category = uniqueCategory();
    const streams = [`${category}-x`, `${category}-y`, `${category}-z`];
    const projection = await StreamCountsProjection.create(pool, category);
    const appended = await appendTo(streams, 15);
    const runner = runnerFor(projection);
    runner.start();
    await runner.waitForPosition(latest(appended));
    const countsBefore = await projection.counts(pool);
    const checkpointBefore = await storedCheckpoint(pool, projection.name);
    const deliveredBefore = idsOf(projection.delivered);

    // When it is rebuilt
    await runner.rebuild();
    await runner.waitForPosition(latest(appended));

    // Then the read model was emptied once and rebuilt from the start, event by event, to the same counts
    expect(projection.resets).toBe(1);
    expect(idsOf(projection.delivered)).toEqual([...deliveredBefore, ...deliveredBefore]);
    expect(await projection.counts(pool)).toEqual(countsBefore);
    expect(countsBefore).toEqual({ [`${category}-x`]: 15, [`${category}-y`]: 15, [`${category}-z`]: 15 });
    expect(await storedCheckpoint(pool, projection.name)).toBe(checkpointBefore);
    expect(runner.state).toBe('running');
  });

  it('rolls back a batch whose handling fails, retries it, and ends with exact counts', async () => {
    // Given 40 events, and a projection that throws on the 15th (in the middle of the second batch) the first time
    const category = uniqueCategory();
    const streams = [`${category}-p`, `${category}-q`];
    const projection = await StreamCountsProjection.create(pool, category);
    const appended = await appendTo(streams, 20);
    const failed = signal<StoredEvent>();
    let poisoned: string | undefined;
    projection.afterEvent = (event) => {
      poisoned ??= projection.delivered.length === 15 ? event.id : undefined;
      if (event.id === poisoned && projection.delivered.filter((e) => e.id === poisoned).length === 1) {
        failed.resolve(event);
        return Promise.reject(new Error('projection failed on purpose'));
      }
      return Promise.resolve();
    };

    // When the runner runs
    const runner = runnerFor(projection);
    runner.start();
    const failedOn = await failed.promise;
    await runner.waitForPosition(latest(appended));

    // Then events 11-15 of the failed batch (11-20) were handled twice but counted once: every count is exact
    expect(failedOn.id).toBe(poisoned);
    const deliveries = idsOf(projection.delivered);
    expect(deliveries).toHaveLength(40 + 5);
    expect(deliveries.filter((id) => id === poisoned)).toHaveLength(2);
    expect(new Set(deliveries).size).toBe(40);
    expect(await projection.counts(pool)).toEqual({ [`${category}-p`]: 20, [`${category}-q`]: 20 });
    expect(await storedCheckpoint(pool, projection.name)).toBe(formatPosition(latest(appended)));
  });

  it('never lets two runners of the same projection both count a batch', async () => {
    // Given two runners of one projection (two processes during a deploy), both running
    const category = uniqueCategory();
    const streams = [`${category}-m`, `${category}-n`];
    const projection = await StreamCountsProjection.create(pool, category);
    const first = runnerFor(projection);
    const second = runnerFor(projection.sameAs());
    first.start();
    second.start();

    // When 60 events are appended while both run
    const appended = await appendTo(streams, 30);
    await Promise.all([first.waitForPosition(latest(appended)), second.waitForPosition(latest(appended))]);

    // Then each event was counted once, whichever runner committed it
    expect(await projection.counts(pool)).toEqual({ [`${category}-m`]: 30, [`${category}-n`]: 30 });
    expect(await storedCheckpoint(pool, projection.name)).toBe(formatPosition(latest(appended)));
  });

  it('fails for good, and says so to waiters, when its checkpoint is beyond the end of the store', async () => {
    // Given a checkpoint from another store, far beyond this one's head
    const category = uniqueCategory();
    const projection = await StreamCountsProjection.create(pool, category);
    const beyond = { commit: 10n ** 15n, prepare: 1n };
    await pool.query('INSERT INTO event_store.checkpoints (subscriber_id, position) VALUES ($1, $2)', [
      projection.name,
      formatPosition(beyond),
    ]);
    await appendTo([`${category}-s`], 1);
    const runner = runnerFor(projection);

    // When it starts, and a test waits for a position past the checkpoint
    const waiting = runner.waitForPosition({ commit: beyond.commit + 1n, prepare: 0n });
    runner.start();

    // Then the wait is rejected with the store's typed error and the runner is failed, having handled nothing
    await expect(waiting).rejects.toMatchObject({ code: 'POSITION_BEYOND_END' });
    await runner.stop();
    expect(runner.state).toBe('failed');
    expect(projection.delivered).toHaveLength(0);
  });

  it('commits its batches without waiting for the disk only when asked to', async () => {
    // Given two runners of projections that note the synchronous_commit of their batch's transaction
    const category = uniqueCategory();
    const noted = new Map<string, string | undefined>();
    const notingRunner = (name: string, synchronousCommit?: boolean): ProjectionRunner => {
      const projection: Projection = {
        name,
        filter: { streamPrefixes: [`${category}-`] },
        handle: async (_, tx) => {
          const { rows } = await tx.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
          noted.set(name, rows[0]?.synchronous_commit);
        },
      };
      const runner = new ProjectionRunner({ projection, eventStore: store, pool, synchronousCommit });
      runners.push(runner);
      return runner;
    };
    const asynchronous = notingRunner(`async-${category}`, false);
    const byDefault = notingRunner(`default-${category}`);
    const [appended] = await appendTo([`${category}-s`], 1);

    // When both handle the event
    asynchronous.start();
    byDefault.start();
    await Promise.all([asynchronous, byDefault].map((runner) => runner.waitForPosition(appended!.position)));

    // Then only the one asked to commits asynchronously; the other keeps the database's setting
    const { rows } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    expect(noted.get(`async-${category}`)).toBe('off');
    expect(noted.get(`default-${category}`)).toBe(rows[0]?.synchronous_commit);
  });
});
