import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  isCommandError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  AppendResult as ClientAppendResult,
  CurrentRevision,
  ResolvedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import {
  assertExpectedRevision,
  comparePositions,
  DEFAULT_MAX_EVENT_BYTES,
  EventIdConflictError,
  matchesFilter,
  prepareAppend,
  prepareStreamAppends,
  WrongExpectedRevisionError,
} from '@vigil/domain';
import type {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamAppend,
  StreamAppendOutcome,
  SubscribeToAllOptions,
} from '@vigil/domain';
import { appendEachStream } from '../stream-append-outcome';
import { cancelRead, isSystemEvent, toEventData, toGlobalPosition, toStoredEvent } from './eventstoredb-mapping';
import { EventStoreDbSubscription } from './eventstoredb-subscription';
import type { SubscriptionSource } from './eventstoredb-subscription';

export type EventStoreDbEventStoreOptions = Readonly<{
  /** For example `esdb://localhost:2113?tls=false`. */
  connectionString: string;
  maxEventBytes?: number;
}>;

const ORIGIN: GlobalPosition = { commit: 0n, prepare: 0n };

/**
 * How far back a refused append looks for its own event ids (a retry of an append that succeeded). PostgreSQL
 * finds them through a unique index; EventStoreDB has no index by id, so the stream is read backwards.
 */
const IDEMPOTENCY_SCAN_LIMIT = 10_000;

/**
 * The EventStore on EventStoreDB (gRPC client). Streams, revisions and the global order ($all, ordered by
 * commit/prepare position) are EventStoreDB's own; this adapter maps the port onto them and adds what the server
 * does not do the same way: ids repeated with another expected revision, empty appends, exclusive `after`
 * positions, the absence of system events, and resubscription after a broken connection.
 */
export class EventStoreDbEventStore implements EventStore, SubscriptionSource {
  readonly client: EventStoreDBClient;
  private readonly maxEventBytes: number;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  }

  /** The server appends one stream at a time: the parts go as separate appends, at the same time. */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<readonly StreamAppendOutcome[]> {
    prepareStreamAppends(appends, this.maxEventBytes);
    return appendEachStream((part) => this.append(part.streamId, part.events, part.expected), appends);
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, events, this.maxEventBytes);
    if (prepared.length === 0) {
      return this.emptyAppend(streamId, expected);
    }
    const ids = prepared.map((event) => event.id);
    if (typeof expected === 'bigint' && expected < 0n) {
      // No stream is ever at a negative revision (and the server only takes unsigned ones).
      return this.refused(streamId, ids, expected, await this.currentRevision(streamId));
    }
    let result: ClientAppendResult;
    try {
      result = await this.client.appendToStream(streamId, prepared.map(toEventData), {
        expectedRevision: toClientRevision(expected),
      });
    } catch (error) {
      if (error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION) {
        return this.refused(streamId, ids, expected, fromCurrentRevision(error.actualVersion));
      }
      throw error;
    }
    if (!result.success) {
      // Only with `throwOnAppendFailure=false` in the connection string; the client's revision is then unreliable.
      return this.refused(streamId, ids, expected, await this.currentRevision(streamId));
    }
    // The server deduplicates a retry with the same expected revision by itself and answers with the original
    // revision; its position can be missing then. For one event the position is that event's position in $all;
    // for several, read the last one back so the result is exactly the position a reader of $all sees.
    const position =
      prepared.length === 1 && result.position
        ? toGlobalPosition(result.position)
        : await this.positionOf(streamId, result.nextExpectedRevision);
    return { nextExpectedRevision: result.nextExpectedRevision, position };
  }

  /** Like the PostgreSQL adapter: checks the expected revision, returns the stream's revision and the head. */
  private async emptyAppend(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const current = await this.currentRevision(streamId);
    assertExpectedRevision(streamId, expected, current);
    return { nextExpectedRevision: current ?? -1n, position: (await this.headPosition()) ?? ORIGIN };
  }

  /**
   * The server refused the expected revision. A retry of an append that succeeded (with another expected revision)
   * returns the original result; an append that repeats only some stored ids is a conflict; anything else is a
   * wrong expected revision.
   */
  private async refused(
    streamId: string,
    ids: readonly string[],
    expected: ExpectedRevision,
    actual: bigint | undefined,
  ): Promise<AppendResult> {
    const original = await this.originalAppend(streamId, ids);
    if (original) {
      return original;
    }
    throw new WrongExpectedRevisionError(streamId, expected, actual ?? 'no_stream');
  }

  private async originalAppend(streamId: string, ids: readonly string[]): Promise<AppendResult | undefined> {
    const wanted = new Set(ids);
    const found: StoredEvent[] = [];
    let scanned = 0;
    for await (const event of this.readStream(streamId, { direction: 'backwards' })) {
      if (wanted.has(event.id)) {
        found.push(event);
        if (found.length === wanted.size) {
          break;
        }
      }
      scanned += 1;
      if (scanned >= IDEMPOTENCY_SCAN_LIMIT) {
        break;
      }
    }
    // Read backwards: the first found is the latest.
    const last = found[0];
    if (!last) {
      return undefined;
    }
    if (found.length !== ids.length) {
      throw new EventIdConflictError(
        streamId,
        found.map((event) => event.id),
      );
    }
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private async currentRevision(streamId: string): Promise<bigint | undefined> {
    for await (const event of this.readStream(streamId, { direction: 'backwards', maxCount: 1 })) {
      return event.revision;
    }
    return undefined;
  }

  private async positionOf(streamId: string, revision: bigint): Promise<GlobalPosition> {
    for await (const event of this.readStream(streamId, {
      direction: 'backwards',
      fromRevision: revision,
      maxCount: 1,
    })) {
      if (event.revision === revision) {
        return event.position;
      }
      break;
    }
    throw new Error(`event ${String(revision)} of stream ${streamId} was appended but cannot be read back`);
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const backwards = options.direction === 'backwards';
    const fromRevision = options.fromRevision ?? (backwards ? END : START);
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (maxCount <= 0 || (typeof fromRevision === 'bigint' && fromRevision < 0n)) {
      return;
    }
    const read: StreamingRead<ResolvedEvent> = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision,
      maxCount,
    });
    let count = 0;
    try {
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const event = resolved.event;
        if (!event || isSystemEvent(event)) {
          continue;
        }
        yield toStoredEvent(event, event.position ?? positionFromCommit(resolved));
        count += 1;
        if (count >= maxCount) {
          return;
        }
      }
    } catch (error) {
      if (isMissingStream(error)) {
        return;
      }
      throw error;
    } finally {
      cancelRead(read);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    const after = options.after;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (maxCount <= 0) {
      return;
    }
    // The client's read of $all takes no filter (only subscriptions do), and its position is inclusive: system
    // events, the event at `after` and the filter are applied here.
    const read: StreamingRead<AllStreamResolvedEvent> = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after ? { commit: after.commit, prepare: after.prepare } : START,
    });
    let count = 0;
    try {
      for await (const { event } of read as AsyncIterable<AllStreamResolvedEvent>) {
        if (
          !event ||
          isSystemEvent(event) ||
          (after && comparePositions(event.position, after) <= 0) ||
          !matchesFilter(options.filter, event)
        ) {
          continue;
        }
        yield toStoredEvent(event, event.position);
        count += 1;
        if (count >= maxCount) {
          return;
        }
      }
    } finally {
      cancelRead(read);
    }
  }

  subscribeToAll(options: SubscribeToAllOptions): EventSubscription {
    const subscription = new EventStoreDbSubscription(this, options, (closed) => this.subscriptions.delete(closed));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The last event of the port: $all read backwards, past the system events the server writes after it. */
  headPosition(): Promise<GlobalPosition | undefined> {
    return this.lastOfAll(Number.MAX_SAFE_INTEGER, (event) => !isSystemEvent(event));
  }

  /** The last record of $all, whatever it is: where a subscription from 'end' starts. */
  lastPosition(): Promise<GlobalPosition | undefined> {
    return this.lastOfAll(1, () => true);
  }

  private async lastOfAll(
    maxCount: number,
    accept: (event: Readonly<{ type: string }>) => boolean,
  ): Promise<GlobalPosition | undefined> {
    const read: StreamingRead<AllStreamResolvedEvent> = this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount,
    });
    try {
      for await (const { event } of read as AsyncIterable<AllStreamResolvedEvent>) {
        if (event && accept(event)) {
          return toGlobalPosition(event.position);
        }
      }
      return undefined;
    } finally {
      cancelRead(read);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }
}

const toClientRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
};

const fromCurrentRevision = (current: CurrentRevision): bigint | undefined =>
  current === NO_STREAM ? undefined : current;

/** Reading a stream that does not exist (or was deleted) reads nothing, like the other adapters. */
const isMissingStream = (error: unknown): boolean =>
  error instanceof Error &&
  isCommandError(error) &&
  (error.type === ErrorType.STREAM_NOT_FOUND || error.type === ErrorType.STREAM_DELETED);

/** Servers always send an event's positions; should one not, its commit position is the best there is. */
const positionFromCommit = (resolved: ResolvedEvent): GlobalPosition => {
  if (resolved.commitPosition === undefined) {
    throw new Error(`event ${resolved.event?.id ?? '?'} was read without a position`);
  }
  return { commit: resolved.commitPosition, prepare: resolved.commitPosition };
};
