import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { GlobalPosition } from '@vigil/domain';
import { Pool, type PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { InvalidCheckpointError, PostgresCheckpointStore } from './checkpoint.store';
import { storedCheckpoint } from './projection.fixtures';

const at = (commit: number, prepare: number): GlobalPosition => ({ commit: BigInt(commit), prepare: BigInt(prepare) });
/** Polls a condition of the database (not a fixed sleep): for states that no event announces, like a lock wait. */
const waitUntil = async (condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met in ${timeoutMs} ms`);
    }
    await delay(10);
  }
};
const aSubscriber = (): string => `subscriber-${randomUUID()}`;

describe('PostgresCheckpointStore', () => {
  let database: TestDatabase;
  let pool: Pool;
  let sut: PostgresCheckpointStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    pool.on('error', () => undefined);
    sut = new PostgresCheckpointStore(pool);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const inTransaction = async (work: (tx: PoolClient) => Promise<void>, outcome: 'COMMIT' | 'ROLLBACK') => {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await work(tx);
      await tx.query(outcome);
    } finally {
      tx.release();
    }
  };

  it('has no checkpoint for a new subscriber', async () => {
    await expect(sut.load(aSubscriber())).resolves.toBeUndefined();
  });

  it('saves a position, overwrites it, and reads back the latest one in its text form', async () => {
    // Given a subscriber
    const subscriber = aSubscriber();

    // When it saves twice
    await sut.save(subscriber, at(10, 3));
    await sut.save(subscriber, at(12, 7));

    // Then the last save wins, stored as commit/prepare
    await expect(sut.load(subscriber)).resolves.toEqual(at(12, 7));
    await expect(storedCheckpoint(pool, subscriber)).resolves.toBe('12/7');
  });

  it('saves inside the caller transaction: kept on commit, gone on rollback', async () => {
    // Given two subscribers
    const committed = aSubscriber();
    const rolledBack = aSubscriber();

    // When each saves in a transaction, one committed and one rolled back
    await inTransaction((tx) => sut.save(committed, at(5, 1), tx), 'COMMIT');
    await inTransaction((tx) => sut.save(rolledBack, at(5, 1), tx), 'ROLLBACK');

    // Then only the committed one has a checkpoint
    await expect(sut.load(committed)).resolves.toEqual(at(5, 1));
    await expect(sut.load(rolledBack)).resolves.toBeUndefined();
  });

  it('resets a checkpoint, on its own or inside a transaction', async () => {
    // Given two subscribers with checkpoints
    const alone = aSubscriber();
    const inTx = aSubscriber();
    await sut.save(alone, at(1, 1));
    await sut.save(inTx, at(1, 1));

    // When both are reset
    await sut.reset(alone);
    await inTransaction((tx) => sut.reset(inTx, tx), 'COMMIT');

    // Then neither has a checkpoint
    await expect(sut.load(alone)).resolves.toBeUndefined();
    await expect(sut.load(inTx)).resolves.toBeUndefined();
  });

  it('refuses a stored checkpoint that is not a position', async () => {
    // Given a checkpoint written by something else
    const subscriber = aSubscriber();
    await pool.query(`INSERT INTO event_store.checkpoints (subscriber_id, position) VALUES ($1, 'garbage')`, [
      subscriber,
    ]);

    // When / Then loading it fails with a typed error
    await expect(sut.load(subscriber)).rejects.toBeInstanceOf(InvalidCheckpointError);
  });

  it('advances only from the expected checkpoint (compare-and-set)', async () => {
    // Given a subscriber without a checkpoint
    const subscriber = aSubscriber();
    const results: boolean[] = [];

    // When it advances from "none", then from a wrong position, then from the right one
    await inTransaction(
      async (tx) => void results.push(await sut.advance(subscriber, undefined, at(3, 1), tx)),
      'COMMIT',
    );
    await inTransaction(
      async (tx) => void results.push(await sut.advance(subscriber, undefined, at(4, 1), tx)),
      'COMMIT',
    );
    await inTransaction(
      async (tx) => void results.push(await sut.advance(subscriber, at(2, 2), at(4, 1), tx)),
      'COMMIT',
    );
    await inTransaction(
      async (tx) => void results.push(await sut.advance(subscriber, at(3, 1), at(5, 1), tx)),
      'COMMIT',
    );

    // Then only the first and the last moved it
    expect(results).toEqual([true, false, false, true]);
    await expect(sut.load(subscriber)).resolves.toEqual(at(5, 1));
  });

  it('lets only one of two concurrent transactions advance from the same checkpoint', async () => {
    // Given a checkpoint, and two transactions that both want to move it on from there
    const subscriber = aSubscriber();
    await sut.save(subscriber, at(3, 1));
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      const { rows } = await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const secondPid = rows[0]?.pid;

      // When the first advances (and holds the row), the second tries while it is open, then the first commits
      const firstResult = await sut.advance(subscriber, at(3, 1), at(4, 1), first);
      const secondResult = sut.advance(subscriber, at(3, 1), at(9, 9), second);
      await waitUntil(async () => {
        const waiting = await pool.query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [secondPid]);
        return waiting.rowCount === 1;
      });
      await first.query('COMMIT');

      // Then the second waited for the first and found the checkpoint moved
      expect(firstResult).toBe(true);
      await expect(secondResult).resolves.toBe(false);
      await second.query('ROLLBACK');
      await expect(sut.load(subscriber)).resolves.toEqual(at(4, 1));
    } finally {
      first.release();
      second.release();
    }
  });
});
