import { comparePositions, type StoredEvent } from '@vigil/domain';
import { Client } from 'pg';
import {
  anEvent,
  collectFromSubscription,
  readAllOf,
  someEvents,
  uniqueCategory,
} from '../../testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { PostgresEventStore } from './postgres-event-store';
import { APPEND_SQL } from './postgres-event-store.sql';

/**
 * The case that breaks naive "ORDER BY sequence" stores: a transaction takes a position, and commits only after
 * later positions are already visible. A subscriber must not move past it and skip it.
 */
describe('PostgreSQL event store: global order under concurrent writers', () => {
  let database: TestDatabase;
  let sut: PostgresEventStore;
  const writers: PostgresEventStore[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    sut = new PostgresEventStore({ connectionString: database.url });
    for (let n = 0; n < 8; n += 1) {
      writers.push(new PostgresEventStore({ connectionString: database.url, poolSize: 4 }));
    }
  });
  afterAll(async () => {
    await Promise.all([sut, ...writers].map((store) => store.close()));
    await database.drop();
  });

  it('holds back events of later transactions until an earlier, slower transaction commits', async () => {
    // Given a subscriber, and a writer whose transaction takes its position first but has not committed
    const category = uniqueCategory();
    const slow = new Client({ connectionString: database.url });
    await slow.connect();
    const subscription = sut.subscribeToAll({ from: 'start', filter: { streamPrefixes: [`${category}-`] } });
    const received = collectFromSubscription(subscription, 21);
    const slowEvent = anEvent('Slow');
    await slow.query('BEGIN');
    await slow.query(APPEND_SQL.any, [
      `${category}-slow`,
      1,
      [slowEvent.id],
      ['Slow'],
      [JSON.stringify(slowEvent.data)],
      ['{}'],
    ]);

    // When other writers append and commit twenty events meanwhile, and only then the slow one commits
    await Promise.all(
      writers.slice(0, 4).map((writer, n) => writer.append(`${category}-fast${n}`, someEvents(5), 'any')),
    );
    const visibleBeforeCommit = await readAllOf(sut.readAll({ filter: { streamPrefixes: [`${category}-`] } }));
    await slow.query('COMMIT');
    await slow.end();

    // Then nothing was readable past the open transaction, and the subscriber got all 21 events once, slow one first
    const events = await received;
    expect(visibleBeforeCommit).toEqual([]);
    expect(events).toHaveLength(21);
    expect(events[0]?.id).toBe(slowEvent.id);
    expect(new Set(events.map((event) => event.id)).size).toBe(21);
    expect(isStrictlyOrdered(events)).toBe(true);
  });

  it('is not held back by a long transaction in another database of the same server', async () => {
    // Given a transaction with a transaction id that stays open in another database
    const category = uniqueCategory();
    const elsewhere = await createTestDatabase();
    const longTransaction = new Client({ connectionString: elsewhere.url });
    await longTransaction.connect();
    await longTransaction.query('BEGIN');
    await longTransaction.query('SELECT pg_current_xact_id()');
    try {
      // When events are appended here while it stays open
      const subscription = sut.subscribeToAll({ from: 'start', filter: { streamPrefixes: [`${category}-`] } });
      const received = collectFromSubscription(subscription, 5);
      await writers[0]!.append(`${category}-a`, someEvents(5), 'no_stream');

      // Then the subscriber receives them anyway
      expect(await received).toHaveLength(5);
    } finally {
      await longTransaction.query('ROLLBACK');
      await longTransaction.end();
      await elsewhere.drop();
    }
  });

  it('is not held back by a transaction of this database that writes no events (a read model, a checkpoint)', async () => {
    // Given a transaction here that has written something else and stays open, as a projection's batch does
    const category = uniqueCategory();
    const readModelWriter = new Client({ connectionString: database.url });
    await readModelWriter.connect();
    await readModelWriter.query('CREATE TABLE IF NOT EXISTS read_model_rows (id text PRIMARY KEY)');
    await readModelWriter.query('BEGIN');
    await readModelWriter.query('INSERT INTO read_model_rows (id) VALUES ($1)', [category]);
    await readModelWriter.query('SELECT * FROM event_store.events LIMIT 1'); // a reader of events writes none either
    try {
      // When events are appended meanwhile
      const subscription = sut.subscribeToAll({ from: 'start', filter: { streamPrefixes: [`${category}-`] } });
      const received = collectFromSubscription(subscription, 5);
      await writers[0]!.append(`${category}-a`, someEvents(5), 'no_stream');

      // Then the subscriber receives them while that transaction is still open
      expect(await received).toHaveLength(5);
    } finally {
      await readModelWriter.query('ROLLBACK');
      await readModelWriter.end();
    }
  });

  it('delivers every event exactly once, in order, to a subscriber reading while eight processes append and others write read models', async () => {
    // Given a subscriber that is already live
    const category = uniqueCategory();
    const perWriter = 40;
    const subscription = sut.subscribeToAll({ from: 'start', filter: { streamPrefixes: [`${category}-`] } });
    const received = collectFromSubscription(subscription, writers.length * perWriter * 3, 40_000);

    // When eight stores (eight connection pools) append batches concurrently, while read-model writers commit
    // their own transactions all along (which the horizon must tell apart from appends)
    const readModelWriters = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const client = new Client({ connectionString: database.url });
        await client.connect();
        return client;
      }),
    );
    await readModelWriters[0]!.query('CREATE TABLE IF NOT EXISTS read_model_rows (id text PRIMARY KEY)');
    let appending = true;
    const readModelWrites = readModelWriters.map(async (client, c) => {
      for (let n = 0; appending; n += 1) {
        await client.query('BEGIN');
        await client.query('INSERT INTO read_model_rows (id) VALUES ($1)', [`${category}-${c}-${n}`]);
        await client.query('COMMIT');
      }
      await client.end();
    });
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let n = 0; n < perWriter; n += 1) {
          await writer.append(`${category}-${w}-${n % 5}`, someEvents(3), 'any');
        }
      }),
    );
    appending = false;
    await Promise.all(readModelWrites);

    // Then the subscriber saw exactly what is stored, in the stored order
    const events = await received;
    const stored = await readAllOf(sut.readAll({ filter: { streamPrefixes: [`${category}-`] } }));
    expect(events.map((event) => event.id)).toEqual(stored.map((event) => event.id));
    expect(stored).toHaveLength(writers.length * perWriter * 3);
    expect(isStrictlyOrdered(events)).toBe(true);
  });
});

const isStrictlyOrdered = (events: readonly StoredEvent[]): boolean =>
  events.every((event, n) => n === 0 || comparePositions(events[n - 1]!.position, event.position) < 0);
