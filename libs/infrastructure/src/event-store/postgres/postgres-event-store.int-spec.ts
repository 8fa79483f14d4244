import type { StoredEvent } from '@vigil/domain';
import { readAllOf, someEvents, uniqueCategory } from '../../testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { describeEventStoreContract } from '../contract.suite';
import { PostgresEventStore } from './postgres-event-store';

let database: TestDatabase;

describeEventStoreContract('PostgreSQL', async () => {
  database = await createTestDatabase();
  const store = new PostgresEventStore({ connectionString: database.url, poolSize: 12 });
  return {
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  };
});

describe('PostgresEventStore.appendToStreams', () => {
  let own: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    own = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: own.url });
  });
  afterAll(async () => {
    await store.close();
    await own.drop();
  });

  it('commits every appended part in one transaction, the events in the global order given', async () => {
    // Given streams written in an order that is neither alphabetical nor the order of their first events
    const category = uniqueCategory();
    const given = [
      { streamId: `${category}-c`, events: someEvents(2), expected: 'no_stream' as const },
      { streamId: `${category}-a`, events: someEvents(3), expected: 'no_stream' as const },
      { streamId: `${category}-b`, events: someEvents(1), expected: 'no_stream' as const },
    ];

    // When they are appended at once
    const outcomes = await store.appendToStreams(given);

    // Then one transaction holds them all, in the order given, and each result is its stream's last event
    const stored = await readAllOf(store.readAll({ filter: { streamPrefixes: [`${category}-`] } }));
    expect(stored.map((event) => event.id)).toEqual(given.flatMap((part) => part.events.map((event) => event.id)));
    expect(new Set(stored.map((event) => event.position.commit)).size).toBe(1);
    const lastOf = (streamId: string): StoredEvent => stored.filter((event) => event.streamId === streamId).at(-1)!;
    expect(outcomes).toEqual(
      given.map(({ streamId }) => ({
        streamId,
        appended: { nextExpectedRevision: lastOf(streamId).revision, position: lastOf(streamId).position },
      })),
    );
  });
});
