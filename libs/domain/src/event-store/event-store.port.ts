import type { EventIdConflictError, WrongExpectedRevisionError } from './event-store.errors';
import type { GlobalPosition } from './global-position';

/**
 * The EventStore port: the only way any part of Vigil reads or writes facts. Adapters live in
 * `@vigil/infrastructure` (PostgreSQL by default, EventStoreDB, in memory) and all pass one contract suite.
 */

/** What the writer believes the stream's last revision is. Revisions start at 0 for a stream's first event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type EventMetadata = Readonly<{
  correlationId?: string;
  causationId?: string;
  actorId?: string;
  [key: string]: unknown;
}>;

export type NewEvent = Readonly<{
  /** A UUID chosen by the writer: appending the same id again is a no-op that returns the original result. */
  id: string;
  /** PascalCase, past tense. Persisted: never rename. */
  type: string;
  /** Any JSON value. */
  data: unknown;
  metadata?: EventMetadata;
}>;

export type StoredEvent = Readonly<{
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  streamId: string;
  revision: bigint;
  position: GlobalPosition;
  recordedAt: Date;
}>;

export type AppendResult = Readonly<{
  /** The revision of the last event now in the stream: pass it as the expected revision of the next append. */
  nextExpectedRevision: bigint;
  /** The global position of the last appended event. */
  position: GlobalPosition;
}>;

/** One stream's part of `appendToStreams`: what `append` takes. */
export type StreamAppend = Readonly<{ streamId: string; events: readonly NewEvent[]; expected: ExpectedRevision }>;

/**
 * What became of one stream's part of `appendToStreams`: its AppendResult (also when a retry found the same events
 * stored), or the concurrency error `append` alone would have thrown for it.
 */
export type StreamAppendOutcome =
  | Readonly<{ streamId: string; appended: AppendResult }>
  | Readonly<{ streamId: string; refused: WrongExpectedRevisionError | EventIdConflictError }>;

export type ReadStreamOptions = Readonly<{
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to 'start' when reading forwards and 'end' when reading backwards. */
  fromRevision?: bigint | 'start' | 'end';
  maxCount?: number;
}>;

/**
 * Selects events by type (exact names) and/or by stream prefix (`camera-` selects the category of camera streams).
 * An event passes when it matches every list that is given.
 */
export type EventFilter = Readonly<{
  eventTypes?: readonly string[];
  streamPrefixes?: readonly string[];
}>;

export type ReadAllOptions = Readonly<{
  /** Exclusive: read the events after this position. Omitted: from the start. */
  after?: GlobalPosition;
  maxCount?: number;
  filter?: EventFilter;
}>;

export type SubscribeToAllOptions = Readonly<{
  /** 'start', 'end' (only events appended from now on), or after a checkpointed position (exclusive). */
  from: 'start' | 'end' | Readonly<{ after: GlobalPosition }>;
  filter?: EventFilter;
}>;

/**
 * A catch-up subscription to all streams: stored events first, then live ones, in global order, each exactly once.
 * It yields batches (never empty): a batch is what was available at once, so a consumer can commit a whole batch
 * and its checkpoint in one transaction. Iteration ends after `close()`; a failure that the adapter cannot recover
 * from (for example a position beyond the end) is thrown from the iterator.
 */
export interface EventSubscription extends AsyncIterable<readonly StoredEvent[]> {
  /**
   * Resolves once the subscription has fixed its starting point (for 'end': the head at that moment), so a caller
   * knows that everything appended afterwards will be delivered. Rejects like the iterator (position beyond end).
   */
  started(): Promise<void>;
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams at once. Each part is decided exactly as `append` alone would decide it (its own
   * expected revision, idempotent by event id), and its outcome is reported, in the order given, instead of thrown:
   * one stream's conflict loses none of the others. Why: a writer with events for many streams (the alarm engine
   * raising a batch of alarms) pays one round trip and one commit instead of one per stream; the PostgreSQL adapter
   * commits the parts that succeed together, others may commit them one by one. Invalid events, a stream named twice
   * or an event id given twice refuse the whole call before anything is written; other failures (the database away)
   * are thrown, and the call can be repeated as it was.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<readonly StreamAppendOutcome[]>;
  /** A stream that does not exist reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /** Forwards in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  subscribeToAll(options: SubscribeToAllOptions): EventSubscription;
  /** The position of the last event a reader can see now, or undefined when the store is empty. */
  headPosition(): Promise<GlobalPosition | undefined>;
  close(): Promise<void>;
}
