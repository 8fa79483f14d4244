import { comparePositions, type GlobalPosition } from '@vigil/domain';
import { collectFromSubscription, someEvents, uniqueCategory } from '../../testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgreSQL event store: a filtered subscription moves past what it does not want', () => {
  let database: TestDatabase;
  let sut: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    sut = new PostgresEventStore({ connectionString: database.url });
  });
  afterAll(async () => {
    await sut.close();
    await database.drop();
  });

  it('reads on from after the unrelated events, instead of scanning them again on every wake-up', async () => {
    // Given a subscription to one category, and many events of another appended while it waits
    const wanted = uniqueCategory();
    const unrelated = uniqueCategory();
    const reads: { after: GlobalPosition | undefined; scannedUpTo?: GlobalPosition }[] = [];
    const readPage = sut.readPage.bind(sut);
    jest.spyOn(sut, 'readPage').mockImplementation(async (after, limit, filter) => {
      const page = await readPage(after, limit, filter);
      reads.push({ after, ...(page.scannedUpTo ? { scannedUpTo: page.scannedUpTo } : {}) });
      return page;
    });
    const subscription = sut.subscribeToAll({ from: 'start', filter: { streamPrefixes: [`${wanted}-`] } });
    const received = collectFromSubscription(subscription, 1);
    let lastUnrelated: GlobalPosition = { commit: 0n, prepare: 0n };
    for (let n = 0; n < 20; n += 1) {
      lastUnrelated = (await sut.append(`${unrelated}-${n}`, someEvents(10), 'no_stream')).position;
    }
    const isPastUnrelated = (position: GlobalPosition | undefined): boolean =>
      position !== undefined && comparePositions(position, lastUnrelated) >= 0;
    // …and the subscription has looked at all of them once (its read reports how far it scanned)
    const deadline = Date.now() + 10_000;
    while (!reads.some((read) => isPastUnrelated(read.scannedUpTo)) && Date.now() < deadline) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const caughtUpAt = reads.length;

    // When a wanted event follows
    await sut.append(`${wanted}-a`, someEvents(1), 'no_stream');
    const [event] = await received;

    // Then it arrives, and no later read started before the end of the unrelated events
    expect(event?.streamId).toBe(`${wanted}-a`);
    expect(caughtUpAt).toBeGreaterThan(0);
    expect(reads.slice(caughtUpAt).every((read) => isPastUnrelated(read.after))).toBe(true);
  });
});
