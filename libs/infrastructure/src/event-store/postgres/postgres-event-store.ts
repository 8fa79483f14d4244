import {
  assertExpectedRevision,
  comparePositions,
  DEFAULT_MAX_EVENT_BYTES,
  EventIdConflictError,
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
  type PreparedStreamAppend,
  type StoredEvent,
  type StreamAppend,
  type StreamAppendOutcome,
  type SubscribeToAllOptions,
} from '@vigil/domain';
import { Pool, type PoolClient } from 'pg';
import { PollingSubscription, type Page, type PageSource, type PollingOptions } from '../polling-subscription';
import { outcomeOf } from '../stream-append-outcome';
import { AppendNotifier } from './append-notifier';
import {
  APPEND_SQL,
  APPEND_TO_STREAMS_SQL,
  EVENTS_BY_ID_SQL,
  HEAD_SQL,
  prefixPattern,
  readAllSql,
  readPageSql,
  readStreamSql,
  STREAM_REVISION_SQL,
  type EventRow,
} from './postgres-event-store.sql';

export type PostgresEventStoreOptions = Readonly<{
  connectionString: string;
  maxEventBytes?: number;
  poolSize?: number;
  polling?: Partial<PollingOptions>;
}>;

const DEFAULT_POLLING: PollingOptions = {
  batchSize: 1_000,
  pollIntervalMs: 1_000,
  // Rows wait only for appends in flight (a few ms): re-read soon. 1 ms rather than 5 took the alarms benchmark's
  // p99 (100 operators, 500 alarms/s) from about 127 to about 102 ms, at the same CPU.
  heldBackRetryMs: 1,
  maxRetryDelayMs: 2_000,
};

const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';
const STREAM_PAGE = 500;
const START: GlobalPosition = { commit: 0n, prepare: 0n };

/**
 * The default EventStore: two tables in the `event_store` schema (see the SQL module for why the global order is
 * safe under concurrent writers). One append is one statement and one commit; subscriptions are woken by
 * LISTEN/NOTIFY and poll as a fallback.
 */
export class PostgresEventStore implements EventStore, PageSource {
  private readonly pool: Pool;
  private readonly notifier: AppendNotifier;
  private readonly maxEventBytes: number;
  private readonly polling: PollingOptions;
  private readonly subscriptions = new Set<EventSubscription>();

  constructor(options: PostgresEventStoreOptions) {
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      application_name: 'vigil-event-store',
    });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.notifier = new AppendNotifier(this.pool, options.connectionString);
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.polling = { ...DEFAULT_POLLING, ...options.polling };
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, events, this.maxEventBytes);
    if (prepared.length === 0) {
      return this.emptyAppend(streamId, expected);
    }
    const ids = prepared.map((event) => event.id);
    const variant = typeof expected === 'bigint' ? 'exact' : expected;
    const params: unknown[] = [
      streamId,
      prepared.length,
      ids,
      prepared.map((event) => event.type),
      prepared.map((event) => event.dataJson),
      prepared.map((event) => event.metadataJson),
    ];
    if (variant === 'exact') {
      params.push(String(expected));
    }
    try {
      // A named statement: each connection parses and plans the append once, not on every call (the bench showed
      // planning as the largest cost of a single-event append).
      const result = await this.pool.query<{ revision: string | null; prepare: string | null; commit: string }>({
        name: `vigil_es_append_${variant}`,
        text: APPEND_SQL[variant],
        values: params,
      });
      const row = result.rows[0];
      if (row && row.revision !== null && row.prepare !== null) {
        this.notifier.appended([streamId]);
        return {
          nextExpectedRevision: BigInt(row.revision),
          position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
        };
      }
    } catch (error) {
      if (!isUniqueViolation(error, 'events_event_id_key')) {
        throw error;
      }
    }
    // Either the expected revision was not met or an event id is already stored: a retried append returns the
    // original result; anything else is a conflict.
    const original = await this.originalAppend(streamId, ids);
    if (original) {
      return original;
    }
    const current = await this.streamRevision(streamId);
    assertExpectedRevision(streamId, expected, current);
    // The revision matched on re-read: a concurrent writer moved the stream between our statement and now.
    throw new EventIdConflictError(streamId, ids);
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<readonly StreamAppendOutcome[]> {
    const parts = prepareStreamAppends(appends, this.maxEventBytes).filter((part) => part.events.length > 0);
    const together = parts.length > 0 ? await this.appendTogether(parts) : new Map<string, AppendResult>();
    // What the statement did not append (an unmet expected revision, events stored before, no events at all) goes
    // through `append` alone, which tells a retry of a stored append (its original result) from a conflict.
    return Promise.all(
      appends.map(async ({ streamId, events, expected }): Promise<StreamAppendOutcome> => {
        const appended = together.get(streamId);
        return appended ? { streamId, appended } : outcomeOf(streamId, this.append(streamId, events, expected));
      }),
    );
  }

  /** The parts whose expected revision is met, appended in one statement: their results by stream. */
  private async appendTogether(parts: readonly PreparedStreamAppend[]): Promise<Map<string, AppendResult>> {
    const events = parts.flatMap((part) =>
      part.events.map((event, index) => ({ streamId: part.streamId, event, place: index + 1 })),
    );
    try {
      const { rows } = await this.pool.query<{ stream_id: string; revision: string; prepare: string; commit: string }>({
        name: 'vigil_es_append_to_streams',
        text: APPEND_TO_STREAMS_SQL,
        values: [
          parts.map((part) => part.streamId),
          parts.map((part) => (typeof part.expected === 'bigint' ? 'exact' : part.expected)),
          parts.map((part) => (typeof part.expected === 'bigint' ? String(part.expected) : null)),
          parts.map((part) => part.events.length),
          events.map((item) => item.streamId),
          events.map((item) => item.event.id),
          events.map((item) => item.event.type),
          events.map((item) => item.event.dataJson),
          events.map((item) => item.event.metadataJson),
          events.map((item) => item.place),
        ],
      });
      const results = new Map<string, AppendResult>(
        rows.map((row) => [
          row.stream_id,
          {
            nextExpectedRevision: BigInt(row.revision),
            position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
          },
        ]),
      );
      if (results.size > 0) {
        this.notifier.appended([...results.keys()]);
      }
      return results;
    } catch (error) {
      // A stored event id (a retry) fails the whole statement, and so does a deadlock with another writer of several
      // streams that locked them in another order: nothing was written, and every part goes alone.
      if (isUniqueViolation(error, 'events_event_id_key') || isDeadlock(error)) {
        return new Map();
      }
      throw error;
    }
  }

  private async emptyAppend(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const current = await this.streamRevision(streamId);
    assertExpectedRevision(streamId, expected, current);
    return { nextExpectedRevision: current ?? -1n, position: (await this.headPosition()) ?? START };
  }

  private async originalAppend(streamId: string, ids: readonly string[]): Promise<AppendResult | undefined> {
    const { rows } = await this.pool.query<EventRow>(EVENTS_BY_ID_SQL, [ids]);
    if (rows.length === 0) {
      return undefined;
    }
    if (rows.length !== ids.length || rows.some((row) => row.stream_id !== streamId)) {
      throw new EventIdConflictError(
        streamId,
        rows.map((row) => row.id),
      );
    }
    const last = toStoredEvent(rows.at(-1) as EventRow);
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private async streamRevision(streamId: string): Promise<bigint | undefined> {
    const { rows } = await this.pool.query<{ revision: string }>(STREAM_REVISION_SQL, [streamId]);
    return rows[0] ? BigInt(rows[0].revision) : undefined;
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    let next: bigint = from === 'start' ? 0n : from === 'end' ? BigInt(Number.MAX_SAFE_INTEGER) : from;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    const sql = readStreamSql(direction);
    while (remaining > 0 && next >= 0n) {
      const limit = Math.min(STREAM_PAGE, remaining);
      const { rows } = await this.pool.query<EventRow>(sql, [streamId, String(next), limit]);
      for (const row of rows) {
        yield toStoredEvent(row);
      }
      const last = rows.at(-1);
      if (!last || rows.length < limit) {
        return;
      }
      remaining -= rows.length;
      next = direction === 'forwards' ? BigInt(last.revision) + 1n : BigInt(last.revision) - 1n;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let after = options.after;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(this.polling.batchSize, remaining);
      const { events } = await this.readPage(after, limit, options.filter, false);
      yield* events;
      const last = events.at(-1);
      if (!last || events.length < limit) {
        return;
      }
      after = last.position;
      remaining -= events.length;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions): EventSubscription {
    const subscription = new PollingSubscription(this, options, this.polling, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async readPage(
    after: GlobalPosition | undefined,
    limit: number,
    filter: EventFilter | undefined,
    checkHeldBack = true,
  ): Promise<Page> {
    const from = after ?? START;
    const byType = filter?.eventTypes !== undefined;
    const byStream = filter?.streamPrefixes !== undefined;
    const params: unknown[] = [String(from.commit), String(from.prepare), limit];
    if (filter?.eventTypes) {
      params.push(filter.eventTypes);
    }
    if (filter?.streamPrefixes) {
      params.push(filter.streamPrefixes.map(prefixPattern));
    }
    const client = await this.pool.connect();
    // pg emits 'error' on a checked-out client whose connection drops, before the query rejects; unheard, it would
    // crash the process. The query's rejection is what reports the failure.
    client.on('error', ignoreError);
    try {
      if (!checkHeldBack) {
        const { rows } = await client.query<EventRow>(readAllSql(byType, byStream), params);
        return { events: rows.map(toStoredEvent), heldBack: false };
      }
      // One round trip: the page, how far it looked (so a filtered subscription moves past the events it does not
      // want) and whether wanted events wait for an older transaction. A second query for the held-back check cost
      // every wake-up of every subscriber a round trip before its events could be handed on.
      const { rows } = await client.query<PageRow>(readPageSql(byType, byStream), params);
      const events = rows.filter((row) => row.id !== null).map((row) => toStoredEvent(row as EventRow));
      const first = rows[0];
      const head =
        first !== undefined && first.head_commit !== null && first.head_prepare !== null
          ? { commit: BigInt(first.head_commit), prepare: BigInt(first.head_prepare) }
          : undefined;
      if (events.length === limit) {
        return { events, heldBack: false };
      }
      const scannedUpTo = head && comparePositions(head, from) > 0 ? head : undefined;
      return { events, heldBack: first?.held === true, ...(scannedUpTo ? { scannedUpTo } : {}) };
    } finally {
      client.off('error', ignoreError);
      release(client);
    }
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ commit: string; prepare: string }>(HEAD_SQL);
    const row = rows[0];
    return row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : undefined;
  }

  onAppended(listener: () => void, streamPrefixes?: readonly string[]): () => void {
    return this.notifier.onAppended(listener, streamPrefixes);
  }

  /** Ends every open subscription (their iterators finish), then the connections. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.notifier.close();
    await this.pool.end();
  }
}

type PageRow = { [K in keyof EventRow]: EventRow[K] | null } & {
  head_commit: string | null;
  head_prepare: string | null;
  held: boolean;
};

const release = (client: PoolClient): void => client.release();
const ignoreError = (): void => undefined;

const isDeadlock = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DEADLOCK_DETECTED;

const isUniqueViolation = (error: unknown, constraint: string): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === UNIQUE_VIOLATION &&
  (error as { constraint?: unknown }).constraint === constraint;

export const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  streamId: row.stream_id,
  revision: BigInt(row.revision),
  position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
  recordedAt: row.recorded_at,
});
