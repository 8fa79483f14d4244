import {
  assertExpectedRevision,
  comparePositions,
  DEFAULT_MAX_EVENT_BYTES,
  EventIdConflictError,
  matchesFilter,
  prepareAppend,
  prepareStreamAppends,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamAppend,
  type StreamAppendOutcome,
  type SubscribeToAllOptions,
} from '@vigil/domain';
import { PollingSubscription, type Page, type PageSource } from '../polling-subscription';
import { outcomeOf } from '../stream-append-outcome';

/**
 * The EventStore for unit tests: the same contract as the real adapters (it passes the same suite), kept in one
 * array. Data is copied through JSON on the way in and out, so tests cannot share mutable objects with the store.
 */
export class InMemoryEventStore implements EventStore, PageSource {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES) {}

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve) => resolve(this.appendNow(streamId, events, expected)));
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<readonly StreamAppendOutcome[]> {
    prepareStreamAppends(appends, this.maxEventBytes);
    const outcomes: StreamAppendOutcome[] = [];
    for (const { streamId, events, expected } of appends) {
      outcomes.push(await outcomeOf(streamId, this.append(streamId, events, expected)));
    }
    return outcomes;
  }

  private appendNow(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult {
    const prepared = prepareAppend(streamId, events, this.maxEventBytes);
    const stream = this.streams.get(streamId) ?? [];
    const existing = prepared.map((event) => this.byId.get(event.id)).filter((event) => event !== undefined);
    if (existing.length > 0) {
      return this.originalResult(streamId, prepared.length, existing);
    }
    assertExpectedRevision(streamId, expected, stream.at(-1)?.revision);
    if (prepared.length === 0) {
      const last = stream.at(-1);
      return { nextExpectedRevision: last?.revision ?? -1n, position: last?.position ?? { commit: 0n, prepare: 0n } };
    }
    const recordedAt = new Date();
    for (const event of prepared) {
      const sequence = BigInt(this.all.length + 1);
      const stored: StoredEvent = {
        id: event.id,
        type: event.type,
        data: JSON.parse(event.dataJson) as unknown,
        metadata: JSON.parse(event.metadataJson) as StoredEvent['metadata'],
        streamId,
        revision: BigInt(stream.length),
        position: { commit: sequence, prepare: sequence },
        recordedAt,
      };
      stream.push(stored);
      this.all.push(stored);
      this.byId.set(stored.id, stored);
    }
    this.streams.set(streamId, stream);
    queueMicrotask(() => this.listeners.forEach((listener) => listener()));
    const last = stream.at(-1) as StoredEvent;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private originalResult(streamId: string, count: number, existing: readonly StoredEvent[]): AppendResult {
    const last = existing.at(-1) as StoredEvent;
    if (existing.length !== count || existing.some((event) => event.streamId !== streamId)) {
      throw new EventIdConflictError(
        streamId,
        existing.map((event) => event.id),
      );
    }
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    await Promise.resolve();
    const stream = this.streams.get(streamId) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const selected = backwards
      ? stream.filter((event) => from === 'end' || (from !== 'start' && event.revision <= from)).reverse()
      : stream.filter((event) => from === 'start' || (from !== 'end' && event.revision >= from));
    for (const event of selected.slice(0, options.maxCount ?? selected.length)) {
      yield copy(event);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    const page = await this.readPage(options.after, options.maxCount ?? Number.MAX_SAFE_INTEGER, options.filter);
    yield* page.events;
  }

  subscribeToAll(options: SubscribeToAllOptions): EventSubscription {
    return new PollingSubscription(this, options, {
      batchSize: 1000,
      pollIntervalMs: 1000,
      heldBackRetryMs: 1000,
      maxRetryDelayMs: 1000,
    });
  }

  readPage(after: GlobalPosition | undefined, limit: number, filter: EventFilter | undefined): Promise<Page> {
    const events: StoredEvent[] = [];
    const start = after ? this.all.findIndex((event) => comparePositions(event.position, after) > 0) : 0;
    for (let index = start; index >= 0 && index < this.all.length && events.length < limit; index += 1) {
      const event = this.all[index] as StoredEvent;
      if (matchesFilter(filter, event)) {
        events.push(copy(event));
      }
    }
    return Promise.resolve({ events, heldBack: false });
  }

  headPosition(): Promise<GlobalPosition | undefined> {
    return Promise.resolve(this.all.at(-1)?.position);
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const copy = (event: StoredEvent): StoredEvent => ({
  ...event,
  data: structuredClone(event.data),
  metadata: structuredClone(event.metadata),
});
