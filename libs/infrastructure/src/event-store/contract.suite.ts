import {
  comparePositions,
  EventIdConflictError,
  InvalidEventError,
  PositionBeyondEndError,
  WrongExpectedRevisionError,
  type EventStore,
  type StoredEvent,
} from '@vigil/domain';
import {
  anEvent,
  collectFromSubscription,
  readAllOf,
  someEvents,
  uniqueCategory,
} from '../testing/event-store.fixtures';

export type StoreUnderTest = Readonly<{ store: EventStore; teardown: () => Promise<void> }>;

const isInOrder = (events: readonly StoredEvent[]): boolean =>
  events.every((event, index) => index === 0 || comparePositions(events[index - 1]!.position, event.position) < 0);

/**
 * The behaviour every EventStore adapter must have. Run by each adapter's spec (PostgreSQL, in memory, and
 * EventStoreDB when EVENTSTORE_URL is set). Every test writes to its own stream category.
 */
export function describeEventStoreContract(adapterName: string, createStore: () => Promise<StoreUnderTest>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let sut: EventStore;
    let teardown: () => Promise<void>;
    let category: string;

    beforeAll(async () => {
      ({ store: sut, teardown } = await createStore());
    });
    afterAll(async () => {
      await teardown();
    });
    beforeEach(() => {
      category = uniqueCategory();
    });
    const stream = (name = 'a'): string => `${category}-${name}`;

    describe('append with an expected revision', () => {
      it('starts a stream at revision 0 and continues it from the exact revision', async () => {
        const first = await sut.append(stream(), someEvents(2), 'no_stream');
        const second = await sut.append(stream(), someEvents(1), first.nextExpectedRevision);

        expect(first.nextExpectedRevision).toBe(1n);
        expect(second.nextExpectedRevision).toBe(2n);
        expect(comparePositions(first.position, second.position)).toBe(-1);
      });

      it.each([
        ['no_stream on an existing stream', 'no_stream' as const, true],
        ['stream_exists on a missing stream', 'stream_exists' as const, false],
        ['an exact revision that is behind', 0n, true],
        ['an exact revision on a missing stream', 0n, false],
      ])('refuses %s with a typed concurrency error and writes nothing', async (_, expected, existing) => {
        if (existing) {
          await sut.append(stream(), someEvents(2), 'no_stream');
        }
        const before = await readAllOf(sut.readStream(stream()));

        const attempt = sut.append(stream(), someEvents(1), expected);

        await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(attempt).rejects.toMatchObject({ code: 'WRONG_EXPECTED_REVISION' });
        expect(await readAllOf(sut.readStream(stream()))).toEqual(before);
      });

      it('accepts any revision and stream_exists on an existing stream', async () => {
        await sut.append(stream(), someEvents(1), 'any');
        await sut.append(stream(), someEvents(1), 'stream_exists');
        const result = await sut.append(stream(), someEvents(1), 'any');

        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('lets exactly one of two writers at the same revision win', async () => {
        await sut.append(stream(), someEvents(1), 'no_stream');

        const outcomes = await Promise.allSettled([
          sut.append(stream(), someEvents(1), 0n),
          sut.append(stream(), someEvents(1), 0n),
        ]);

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
        expect(rejected?.reason).toBeInstanceOf(WrongExpectedRevisionError);
      });
    });

    describe('idempotent append', () => {
      it('returns the original result when the same events are appended again, and stores them once', async () => {
        const events = someEvents(3);
        const original = await sut.append(stream(), events, 'no_stream');

        const again = await sut.append(stream(), events, 'no_stream');
        const againAny = await sut.append(stream(), events, 'any');

        expect(again).toEqual(original);
        expect(againAny).toEqual(original);
        expect(await readAllOf(sut.readStream(stream()))).toHaveLength(3);
      });

      it('refuses an append that repeats only some stored event ids', async () => {
        const events = someEvents(2);
        await sut.append(stream(), events, 'no_stream');

        const attempt = sut.append(stream(), [events[0]!, anEvent()], 'any');

        await expect(attempt).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await readAllOf(sut.readStream(stream()))).toHaveLength(2);
      });
    });

    describe('bad input', () => {
      it('refuses an event larger than 1 MiB and writes nothing', async () => {
        const huge = anEvent('Huge', { blob: 'x'.repeat(1_048_577) });

        const attempt = sut.append(stream(), [anEvent(), huge], 'any');

        await expect(attempt).rejects.toMatchObject({ code: 'EVENT_TOO_LARGE' });
        expect(await readAllOf(sut.readStream(stream()))).toEqual([]);
      });

      it.each([
        ['a function', { callback: () => 1 }],
        ['undefined', undefined],
        ['a bigint', { big: 1n }],
        ['NaN', { value: Number.NaN }],
        ['a Date object', { at: new Date(0) }],
        ['a NUL character', { text: 'a\u0000b' }],
      ])('refuses data that is not JSON (%s)', async (_, data) => {
        const attempt = sut.append(stream(), [{ ...anEvent('Bad'), data }], 'any');

        await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
        await expect(attempt).rejects.toMatchObject({ code: 'EVENT_DATA_NOT_JSON' });
      });

      it.each([
        ['an id that is not a UUID', { ...anEvent(), id: 'not-a-uuid' }],
        ['an empty type', { ...anEvent(), type: '' }],
      ])('refuses %s', async (_, event) => {
        await expect(sut.append(stream(), [event], 'any')).rejects.toMatchObject({ code: 'INVALID_EVENT' });
      });
    });

    describe('reading a stream', () => {
      it('reads a stream of more than ten events in revision order (10 after 9, not after 1)', async () => {
        await sut.append(stream(), someEvents(12), 'no_stream');

        const forwards = await readAllOf(sut.readStream(stream()));
        const backwards = await readAllOf(sut.readStream(stream(), { direction: 'backwards', maxCount: 4 }));

        expect(forwards.map((event) => event.revision)).toEqual(Array.from({ length: 12 }, (_, n) => BigInt(n)));
        expect(backwards.map((event) => event.revision)).toEqual([11n, 10n, 9n, 8n]);
      });

      it('reads forwards and backwards from a revision, with a maximum count', async () => {
        await sut.append(stream(), someEvents(5), 'no_stream');

        const forwards = await readAllOf(sut.readStream(stream(), { fromRevision: 1n, maxCount: 3 }));
        const backwards = await readAllOf(sut.readStream(stream(), { direction: 'backwards', fromRevision: 3n }));
        const lastOne = await readAllOf(sut.readStream(stream(), { direction: 'backwards', maxCount: 1 }));

        expect(forwards.map((event) => event.revision)).toEqual([1n, 2n, 3n]);
        expect(backwards.map((event) => event.revision)).toEqual([3n, 2n, 1n, 0n]);
        expect(lastOne.map((event) => event.data)).toEqual([{ n: 4 }]);
      });

      it('reads a stream of more than ten events in revision order, both ways', async () => {
        await sut.append(stream(), someEvents(12), 'no_stream');

        const forwards = await readAllOf(sut.readStream(stream()));
        const backwards = await readAllOf(sut.readStream(stream(), { direction: 'backwards' }));

        const all = Array.from({ length: 12 }, (_, n) => BigInt(n));
        expect(forwards.map((event) => event.revision)).toEqual(all);
        expect(backwards.map((event) => event.revision)).toEqual([...all].reverse());
      });

      it('returns the stored event as written', async () => {
        const event = anEvent('CameraRenamed', { name: 'Entrance ☃', nested: { list: [1, 'two', null, true] } });
        await sut.append(stream(), [event], 'no_stream');

        const [stored] = await readAllOf(sut.readStream(stream()));

        expect(stored).toMatchObject({
          id: event.id,
          type: 'CameraRenamed',
          data: event.data,
          metadata: event.metadata,
          streamId: stream(),
          revision: 0n,
        });
        expect(stored?.recordedAt).toBeInstanceOf(Date);
      });

      it('reads a missing stream as empty', async () => {
        expect(await readAllOf(sut.readStream(stream('missing')))).toEqual([]);
      });
    });

    describe('reading all', () => {
      it('reads every stream in global order after a position, filtered by type or stream prefix', async () => {
        await sut.append(stream('a'), [anEvent('Opened'), anEvent('Noted')], 'no_stream');
        await sut.append(stream('b'), [anEvent('Opened')], 'no_stream');
        await sut.append(`other${category}-c`, [anEvent('Opened')], 'no_stream');

        const mine = await readAllOf(sut.readAll({ filter: { streamPrefixes: [`${category}-`] } }));
        const opened = await readAllOf(
          sut.readAll({ filter: { streamPrefixes: [`${category}-`], eventTypes: ['Opened'] } }),
        );
        const afterFirst = await readAllOf(
          sut.readAll({ after: mine[0]!.position, filter: { streamPrefixes: [`${category}-`] } }),
        );

        expect(mine.map((event) => event.type)).toEqual(['Opened', 'Noted', 'Opened']);
        expect(isInOrder(mine)).toBe(true);
        expect(opened.map((event) => event.streamId)).toEqual([stream('a'), stream('b')]);
        expect(afterFirst).toEqual(mine.slice(1));
      });

      it('reports the head position', async () => {
        const result = await sut.append(stream(), someEvents(2), 'no_stream');

        const head = await sut.headPosition();

        expect(head && comparePositions(head, result.position)).toBeGreaterThanOrEqual(0);
      });
    });

    describe('subscribing to all', () => {
      it('catches up from the start, then delivers live events, in global order, each once', async () => {
        await sut.append(stream('a'), someEvents(3), 'no_stream');
        const subscription = sut.subscribeToAll({ from: 'start', filter: { streamPrefixes: [`${category}-`] } });
        const received = collectFromSubscription(subscription, 6);

        await sut.append(stream('b'), someEvents(2), 'no_stream');
        await sut.append(stream('a'), someEvents(1), 2n);

        const events = await received;
        expect(events).toHaveLength(6);
        expect(isInOrder(events)).toBe(true);
        expect(new Set(events.map((event) => event.id)).size).toBe(6);
      });

      it('resumes after a checkpointed position without repeating it', async () => {
        await sut.append(stream(), someEvents(4), 'no_stream');
        const all = await readAllOf(sut.readAll({ filter: { streamPrefixes: [`${category}-`] } }));

        const subscription = sut.subscribeToAll({
          from: { after: all[1]!.position },
          filter: { streamPrefixes: [`${category}-`] },
        });
        const events = await collectFromSubscription(subscription, 2);

        expect(events.map((event) => event.id)).toEqual(all.slice(2).map((event) => event.id));
      });

      it('from the end, delivers only events appended afterwards', async () => {
        await sut.append(stream(), someEvents(2), 'no_stream');
        const subscription = sut.subscribeToAll({ from: 'end', filter: { streamPrefixes: [`${category}-`] } });
        await subscription.started();
        const first = subscription[Symbol.asyncIterator]().next();

        const appended = await sut.append(stream(), [anEvent('Later')], 1n);

        const batch: IteratorResult<readonly StoredEvent[]> = await first;
        await subscription.close();
        const delivered = batch.done ? [] : batch.value;
        expect(delivered.map((event) => event.type)).toEqual(['Later']);
        expect(delivered[0]?.position).toEqual(appended.position);
      });

      it('filters by event type', async () => {
        await sut.append(stream(), [anEvent('Kept'), anEvent('Dropped'), anEvent('Kept')], 'no_stream');

        const events = await collectFromSubscription(
          sut.subscribeToAll({ from: 'start', filter: { eventTypes: ['Kept'], streamPrefixes: [`${category}-`] } }),
          2,
        );

        expect(events.map((event) => event.type)).toEqual(['Kept', 'Kept']);
      });

      it('fails with a typed error when asked to start beyond the end', async () => {
        const result = await sut.append(stream(), someEvents(1), 'no_stream');
        const beyond = { commit: result.position.commit + 1_000_000n, prepare: result.position.prepare + 1_000_000n };

        const subscription = sut.subscribeToAll({ from: { after: beyond } });

        await expect(subscription.started()).rejects.toBeInstanceOf(PositionBeyondEndError);
        await expect(subscription[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(PositionBeyondEndError);
      });

      it('delivers every event exactly once, in position order, while many writers append at once', async () => {
        const writers = 16;
        const appendsPerWriter = 15;
        const subscription = sut.subscribeToAll({ from: 'start', filter: { streamPrefixes: [`${category}-`] } });
        const received = collectFromSubscription(subscription, writers * appendsPerWriter * 2, 60_000);

        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            for (let n = 0; n < appendsPerWriter; n += 1) {
              await sut.append(stream(`w${writer}`), someEvents(2), 'any');
            }
          }),
        );

        const events = await received;
        const stored = await readAllOf(sut.readAll({ filter: { streamPrefixes: [`${category}-`] } }));
        expect(events).toHaveLength(writers * appendsPerWriter * 2);
        expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
        expect(isInOrder(events)).toBe(true);
        expect(events.map((event) => event.id)).toEqual(stored.map((event) => event.id));
      });
    });
  });
}
