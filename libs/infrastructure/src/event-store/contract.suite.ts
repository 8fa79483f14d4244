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

    describe('appending to several streams at once', () => {
      it('appends each part with its own expected revision and reports the results in the order given', async () => {
        const existing = await sut.append(stream('b'), someEvents(2), 'no_stream');
        await sut.append(stream('c'), someEvents(1), 'no_stream');
        await sut.append(stream('d'), someEvents(1), 'no_stream');

        const outcomes = await sut.appendToStreams([
          { streamId: stream('a'), events: someEvents(2), expected: 'no_stream' },
          { streamId: stream('b'), events: someEvents(1), expected: existing.nextExpectedRevision },
          { streamId: stream('c'), events: someEvents(1), expected: 'stream_exists' },
          { streamId: stream('d'), events: someEvents(2), expected: 'any' },
        ]);

        expect(outcomes.map((outcome) => outcome.streamId)).toEqual(['a', 'b', 'c', 'd'].map((name) => stream(name)));
        expect(outcomes.map((outcome) => 'appended' in outcome && outcome.appended.nextExpectedRevision)).toEqual([
          1n,
          2n,
          1n,
          2n,
        ]);
        for (const name of ['a', 'b', 'c', 'd']) {
          const events = await readAllOf(sut.readStream(stream(name)));
          expect(events.map((event) => event.revision)).toEqual(events.map((_, index) => BigInt(index)));
          expect(isInOrder(events)).toBe(true);
        }
      });

      it('reports a refused part as its concurrency error, appends the others and leaves the refused stream as it was', async () => {
        await sut.append(stream('taken'), someEvents(2), 'no_stream');
        const before = await readAllOf(sut.readStream(stream('taken')));

        const outcomes = await sut.appendToStreams([
          { streamId: stream('free'), events: someEvents(1), expected: 'no_stream' },
          { streamId: stream('taken'), events: someEvents(1), expected: 'no_stream' },
          { streamId: stream('behind'), events: someEvents(1), expected: 0n },
          { streamId: stream('other'), events: someEvents(1), expected: 'any' },
        ]);

        expect(outcomes.map((outcome) => 'appended' in outcome)).toEqual([true, false, false, true]);
        const refused = outcomes.flatMap((outcome) => ('refused' in outcome ? [outcome.refused] : []));
        expect(refused.every((error) => error instanceof WrongExpectedRevisionError)).toBe(true);
        expect(refused.map((error) => error.streamId)).toEqual([stream('taken'), stream('behind')]);
        expect(await readAllOf(sut.readStream(stream('taken')))).toEqual(before);
        expect(await readAllOf(sut.readStream(stream('behind')))).toEqual([]);
        expect(await readAllOf(sut.readStream(stream('free')))).toHaveLength(1);
        expect(await readAllOf(sut.readStream(stream('other')))).toHaveLength(1);
      });

      it.each([['no_stream' as const], ['any' as const]])(
        'is idempotent: the same call again (%s) returns the original results and stores nothing twice',
        async (expected) => {
          const appends = ['a', 'b', 'c'].map((name) => ({ streamId: stream(name), events: someEvents(2), expected }));
          const original = await sut.appendToStreams(appends);

          const again = await sut.appendToStreams(appends);

          expect(again).toEqual(original);
          for (const name of ['a', 'b', 'c']) {
            expect(await readAllOf(sut.readStream(stream(name)))).toHaveLength(2);
          }
        },
      );

      it('appends the new parts of a call whose other parts were stored before', async () => {
        const first = { streamId: stream('a'), events: someEvents(1), expected: 'no_stream' as const };
        const [original] = await sut.appendToStreams([first]);

        const outcomes = await sut.appendToStreams([
          first,
          { streamId: stream('b'), events: someEvents(1), expected: 'no_stream' },
        ]);

        expect(outcomes[0]).toEqual(original);
        expect(outcomes[1]).toMatchObject({ streamId: stream('b'), appended: { nextExpectedRevision: 0n } });
      });

      it('checks the expected revision of a part without events', async () => {
        await sut.append(stream('a'), someEvents(1), 'no_stream');

        const outcomes = await sut.appendToStreams([
          { streamId: stream('a'), events: [], expected: 0n },
          { streamId: stream('b'), events: [], expected: 'stream_exists' },
        ]);

        expect(outcomes[0]).toMatchObject({ appended: { nextExpectedRevision: 0n } });
        expect(outcomes[1]).toMatchObject({ refused: { code: 'WRONG_EXPECTED_REVISION' } });
      });

      it.each([
        ['a stream named twice', (ids: string[]) => [ids[0]!, ids[0]!]],
        ['an event id given twice', (ids: string[]) => [ids[0]!, ids[1]!]],
      ])('refuses %s and writes nothing', async (_, streamsOf) => {
        const twice = anEvent();
        const [first, second] = streamsOf([stream('a'), stream('b')]);

        const attempt = sut.appendToStreams([
          { streamId: first!, events: [twice], expected: 'any' },
          { streamId: second!, events: [first === second ? anEvent() : twice], expected: 'any' },
        ]);

        await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
        expect(await readAllOf(sut.readAll({ filter: { streamPrefixes: [`${category}-`] } }))).toEqual([]);
      });

      it('lets exactly one of two writers at the same revision win each stream, and loses none of the other parts', async () => {
        await sut.append(stream('shared'), someEvents(1), 'no_stream');

        const outcomes = await Promise.all(
          ['x', 'y'].map((writer) =>
            sut.appendToStreams([
              { streamId: stream('shared'), events: someEvents(1), expected: 0n },
              { streamId: stream(writer), events: someEvents(1), expected: 'no_stream' },
            ]),
          ),
        );

        const shared = outcomes.map(([outcome]) => outcome!);
        expect(shared.filter((outcome) => 'appended' in outcome)).toHaveLength(1);
        expect(shared.find((outcome) => 'refused' in outcome)).toMatchObject({
          refused: expect.any(WrongExpectedRevisionError) as unknown,
        });
        expect(outcomes.map(([, own]) => own && 'appended' in own)).toEqual([true, true]);
        expect(await readAllOf(sut.readStream(stream('shared')))).toHaveLength(2);
      });

      it('delivers every event once, in order, while many writers append to the same streams at once', async () => {
        const writers = 8;
        const rounds = 10;
        const names = ['a', 'b', 'c', 'd'];
        const subscription = sut.subscribeToAll({ from: 'start', filter: { streamPrefixes: [`${category}-`] } });
        const received = collectFromSubscription(subscription, writers * rounds * names.length, 60_000);

        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            for (let round = 0; round < rounds; round += 1) {
              // Each writer names the streams in another order: their locks are taken in different orders.
              const order = names.map((_, index) => names[(index + writer) % names.length]!);
              const outcomes = await sut.appendToStreams(
                order.map((name) => ({ streamId: stream(name), events: someEvents(1), expected: 'any' as const })),
              );
              expect(outcomes.every((outcome) => 'appended' in outcome)).toBe(true);
            }
          }),
        );

        const events = await received;
        const stored = await readAllOf(sut.readAll({ filter: { streamPrefixes: [`${category}-`] } }));
        expect(events.map((event) => event.id)).toEqual(stored.map((event) => event.id));
        expect(new Set(events.map((event) => event.id)).size).toBe(writers * rounds * names.length);
        expect(isInOrder(events)).toBe(true);
        for (const name of names) {
          const revisions = events.filter((event) => event.streamId === stream(name)).map((event) => event.revision);
          expect(revisions).toEqual(revisions.map((_, index) => BigInt(index)));
        }
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
