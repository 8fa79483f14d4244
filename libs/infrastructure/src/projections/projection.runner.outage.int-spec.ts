import { setTimeout as delay } from 'node:timers/promises';
import { formatPosition, type AppendResult, type StoredEvent } from '@vigil/domain';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { someEvents, uniqueCategory } from '../testing/event-store.fixtures';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../testing/test-database';
import { appendRetrying, latest, signal, storedCheckpoint, StreamCountsProjection } from './projection.fixtures';
import { ProjectionRunner } from './projection.runner';

/**
 * The database goes away under a running projection: every connection but the test's admin one is terminated
 * (the runner's transaction, its event store's reads and LISTEN, the writers), and new ones are refused for a while.
 * Own test file, so that the terminations cannot hit another test's connections.
 */
describe('ProjectionRunner when the database goes away and comes back', () => {
  let database: TestDatabase;
  let admin: Client;
  let writer: PostgresEventStore;
  let runnerStore: PostgresEventStore;
  let runnerPool: Pool;
  let runner: ProjectionRunner | undefined;
  /** Unblocks what a failed test may have left waiting (a paused batch, the writers), so afterAll can stop it. */
  const unblock: Array<() => void> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Client({ connectionString: database.url, application_name: 'projection-test-admin' });
    await admin.connect();
    writer = new PostgresEventStore({ connectionString: database.url, poolSize: 4 });
    // The runner's own event store, so that its subscription's connections are terminated too.
    runnerStore = new PostgresEventStore({
      connectionString: database.url,
      poolSize: 4,
      polling: { batchSize: 10, pollIntervalMs: 100, maxRetryDelayMs: 100 },
    });
    runnerPool = new Pool({ connectionString: database.url, max: 4, application_name: 'projection-runner' });
    runnerPool.on('error', () => undefined);
  });
  afterAll(async () => {
    unblock.forEach((release) => release());
    await allowConnections(true);
    await runner?.stop();
    await Promise.all([writer.close(), runnerStore.close(), runnerPool.end()]);
    await admin.end();
    await database.drop();
  });

  /** The statement of the brief: every backend of this database except the admin connection itself. */
  const terminateOtherConnections = async (): Promise<number> => {
    const result = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return result.rowCount ?? 0;
  };

  /** From another database: PostgreSQL refuses to disallow connections to the database one is connected to. */
  const allowConnections = async (allow: boolean): Promise<void> => {
    const maintenance = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
    await maintenance.connect();
    try {
      await maintenance.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS ${String(allow)}`);
    } finally {
      await maintenance.end();
    }
  };

  it('resumes from its checkpoint and ends with an exact read model: nothing lost, nothing doubled', async () => {
    // Given a running projection that pauses inside its transaction at the 25th event, the first time only
    const category = uniqueCategory();
    const streams = [0, 1, 2, 3].map((n) => `${category}-camera${n}`);
    const projection = await StreamCountsProjection.create(admin, category);
    const insideTransaction = signal<StoredEvent>();
    const resume = signal();
    unblock.push(() => resume.resolve());
    let paused: StoredEvent | undefined;
    projection.afterEvent = async (event) => {
      if (!paused && projection.delivered.length === 25) {
        paused = event;
        insideTransaction.resolve(event);
        await resume.promise;
      }
    };
    runner = new ProjectionRunner({
      projection,
      eventStore: runnerStore,
      pool: runnerPool,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    runner.start();

    // And four writers appending 3 events at a time to their own stream until told to stop, retrying failed appends
    let stopWriting = false;
    unblock.push(() => {
      stopWriting = true;
    });
    const outage = signal();
    const written = streams.map(() => 0);
    const writing = Promise.all(
      streams.map(async (stream, n) => {
        const results: AppendResult[] = [];
        while (!stopWriting) {
          results.push(await appendRetrying(writer, stream, someEvents(3), () => outage.resolve()));
          written[n] = (written[n] ?? 0) + 3;
          await delay(2); // pacing, so that the writers keep appending throughout the test
        }
        return results;
      }),
    );

    // When the runner is inside a transaction (rows of its batch already written in it), every connection is
    // terminated and the database refuses new ones until both the writers and the runner have been refused
    const pausedOn = await insideTransaction.promise;
    await allowConnections(false);
    const firstKill = await terminateOtherConnections();
    const refused = signal();
    const stopListening = runner.onRetrying((error) => {
      if (String(error).includes('not currently accepting connections')) {
        refused.resolve();
      }
    });
    resume.resolve();
    await Promise.all([outage.promise, refused.promise]);
    stopListening();
    await allowConnections(true);

    // And once the runner has committed again, every connection is terminated a second time, mid-subscription
    const committedAgain = signal();
    const unsubscribe = runner.onCommitted(() => committedAgain.resolve());
    await committedAgain.promise;
    unsubscribe();
    const secondKill = await terminateOtherConnections();

    // And the writers stop once each has appended again after that
    const writtenAtSecondKill = [...written];
    await waitFor(() => written.every((count, n) => count > (writtenAtSecondKill[n] ?? 0)));
    stopWriting = true;
    const results = (await writing).flat();
    await runner.waitForPosition(latest(results), 45_000);

    // Then both terminations hit connections, and the batch interrupted the first time was handled again
    expect(firstKill).toBeGreaterThan(0);
    expect(secondKill).toBeGreaterThan(0);
    expect(pausedOn.id).toBe(paused?.id);
    expect(projection.delivered.filter((event) => event.id === pausedOn.id).length).toBeGreaterThanOrEqual(2);
    // And every appended event is counted exactly once, and the checkpoint is the last event
    const expected = Object.fromEntries(streams.map((stream, n) => [stream, written[n]]));
    expect(results.length * 3).toBe(written.reduce((sum, count) => sum + count, 0));
    expect(await projection.counts(admin)).toEqual(expected);
    expect(await storedCheckpoint(admin, projection.name)).toBe(formatPosition(latest(results)));
    expect(new Set(projection.delivered.map((event) => event.id)).size).toBe(results.length * 3);
  });
});

/** Waits for an in-memory condition that the test's own loops move forward (checked every few milliseconds). */
const waitFor = async (condition: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met in ${timeoutMs} ms`);
    }
    await delay(5);
  }
};
