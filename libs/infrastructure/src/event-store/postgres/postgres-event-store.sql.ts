/**
 * The SQL of the PostgreSQL event store, in one place. Tables are created by the migration
 * `migrations/1763800000000-CreateEventStore.ts`; the schema name is persisted: do not rename.
 *
 * Global order. `global_position` comes from a sequence, so two concurrent transactions can commit in the opposite
 * order of their positions: a reader that saw position 6 could later miss position 5. We therefore order by
 * (transaction_id, global_position) and read only rows whose transaction id is below a horizon that no running
 * transaction of this database is under. Every transaction below the horizon has ended, and every later writer gets
 * a transaction id above it, so once a row is readable nothing can ever appear before it. (The technique of Marten
 * and Emmett, which use the snapshot's xmin as the horizon.)
 *
 * The horizon. The snapshot's xmin is the oldest running transaction of the whole cluster: one long transaction in
 * another database, or any read-model or checkpoint write here (projections commit all the time), would hold every
 * subscriber back. Only transactions that insert events can put rows before a reader's position, so the horizon is the
 * oldest in-progress transaction of the statement's snapshot that is not known to write no events. An append is one
 * statement in its own transaction (PostgresEventStore.append, or appendToStreams for several streams; nothing else
 * inserts events): its plan takes a write
 * lock on the events table before it writes anything, so it holds that lock from before it has a transaction id until
 * it ends. A transaction is known to write no events when, in one read of pg_locks, it holds its transaction id's lock
 * and no write lock on the events table, and it is still in progress after that read (pg_xact_status): an ending
 * transaction releases its locks one by one after it has left the running set, so a read in the middle could show its
 * id without its table lock; one still in progress afterwards was not releasing anything then. Everything else counts -
 * a transaction that just ended, one whose locks are not visible - so the horizon errs on the side of waiting, never of
 * skipping. With none in progress, the horizon is the snapshot's xmax. The snapshot is the statement's, and the horizon
 * is computed once per statement.
 */
export const EVENTS = 'event_store.events';
export const STREAMS = 'event_store.streams';
export const NOTIFY_CHANNEL = 'vigil_event_store'; // persisted: other processes LISTEN on it

const EVENT_COLUMNS = `transaction_id::text AS commit, global_position::text AS prepare, event_id::text AS id,
  stream_id, revision::text AS revision, type, data, metadata, recorded_at`;

export type EventRow = {
  commit: string;
  prepare: string;
  id: string;
  stream_id: string;
  revision: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
};

/**
 * Moves the stream's revision and inserts the events in one statement (one round trip, one commit). The stream row
 * is the lock that serialises writers of one stream; an unmet expected revision makes `stream` empty, so nothing is
 * inserted and the result's revision is NULL. A duplicate event id fails the whole statement (unique violation).
 * Parameters: $1 stream id, $2 count, $3 ids, $4 types, $5 data, $6 metadata, and $7 the expected revision.
 */
const appendWith = (streamStep: string): string => `
WITH stream AS (${streamStep}),
inserted AS (
  INSERT INTO ${EVENTS} (stream_id, revision, event_id, type, data, metadata)
  SELECT $1, stream.revision - $2::bigint + e.ordinal, e.id, e.type, e.data::jsonb, e.metadata::jsonb
  FROM stream, unnest($3::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(id, type, data, metadata, ordinal)
  RETURNING revision, global_position
)
SELECT max(revision)::text AS revision, max(global_position)::text AS prepare, pg_current_xact_id()::text AS commit
FROM inserted`;

export const APPEND_SQL = {
  any: appendWith(`INSERT INTO ${STREAMS} AS s (stream_id, revision) VALUES ($1, $2::bigint - 1)
    ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + $2::bigint RETURNING s.revision`),
  no_stream: appendWith(`INSERT INTO ${STREAMS} (stream_id, revision) VALUES ($1, $2::bigint - 1)
    ON CONFLICT (stream_id) DO NOTHING RETURNING revision`),
  stream_exists: appendWith(`UPDATE ${STREAMS} SET revision = revision + $2::bigint
    WHERE stream_id = $1 RETURNING revision`),
  exact: appendWith(`UPDATE ${STREAMS} SET revision = revision + $2::bigint
    WHERE stream_id = $1 AND revision = $7::bigint RETURNING revision`),
} as const;

/**
 * Appends to several streams in one statement (one round trip, one commit). Each stream's revision moves as in
 * APPEND_SQL by its own expectation, and only the streams whose expectation is met get their events; the others are
 * simply not in the result (the caller then learns why as after a refused single append). The port refuses a stream
 * named twice, so each stream row is touched by at most one of the steps. As in APPEND_SQL, a stored event id fails
 * the whole statement. Events get their global positions in the order given (ORDER BY the input's ordinality), so
 * each stream's events follow their revisions in the global order.
 * Parameters, per stream: $1 stream ids, $2 expectations ('any', 'no_stream', 'stream_exists' or 'exact'), $3 exact
 * revisions (NULL unless 'exact'), $4 event counts; per event, in the order to store them: $5 stream ids, $6 ids,
 * $7 types, $8 data, $9 metadata, $10 its place in its stream's part (from 1).
 */
export const APPEND_TO_STREAMS_SQL = `
WITH wanted AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS w(stream_id, expected, exact, count)
),
any_revision AS (
  INSERT INTO ${STREAMS} AS s (stream_id, revision)
  SELECT stream_id, count - 1 FROM wanted WHERE expected = 'any' ORDER BY stream_id
  ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + excluded.revision + 1
  RETURNING s.stream_id, s.revision
),
no_stream AS (
  INSERT INTO ${STREAMS} (stream_id, revision)
  SELECT stream_id, count - 1 FROM wanted WHERE expected = 'no_stream' ORDER BY stream_id
  ON CONFLICT (stream_id) DO NOTHING
  RETURNING stream_id, revision
),
existing AS (
  UPDATE ${STREAMS} AS s SET revision = s.revision + wanted.count FROM wanted
  WHERE s.stream_id = wanted.stream_id
    AND (wanted.expected = 'stream_exists' OR (wanted.expected = 'exact' AND s.revision = wanted.exact))
  RETURNING s.stream_id, s.revision
),
moved AS (
  SELECT stream_id, revision FROM any_revision
  UNION ALL SELECT stream_id, revision FROM no_stream
  UNION ALL SELECT stream_id, revision FROM existing
),
inserted AS (
  INSERT INTO ${EVENTS} (stream_id, revision, event_id, type, data, metadata)
  SELECT e.stream_id, moved.revision - wanted.count + e.place, e.id, e.type, e.data::jsonb, e.metadata::jsonb
  FROM unnest($5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::bigint[]) WITH ORDINALITY
    AS e(stream_id, id, type, data, metadata, place, ordinal)
  JOIN moved ON moved.stream_id = e.stream_id
  JOIN wanted ON wanted.stream_id = e.stream_id
  ORDER BY e.ordinal
  RETURNING stream_id, revision, global_position
)
SELECT stream_id, max(revision)::text AS revision, max(global_position)::text AS prepare,
  pg_current_xact_id()::text AS commit
FROM inserted GROUP BY stream_id`;

export const STREAM_REVISION_SQL = `SELECT revision::text AS revision FROM ${STREAMS} WHERE stream_id = $1`;

export const EVENTS_BY_ID_SQL = `SELECT ${EVENT_COLUMNS} FROM ${EVENTS} WHERE event_id = ANY($1::uuid[])
  ORDER BY transaction_id, global_position`;

// ORDER BY the table's column: a bare `revision` would name the text output column and sort 10 before 2
export const readStreamSql = (direction: 'forwards' | 'backwards'): string =>
  direction === 'forwards'
    ? `SELECT ${EVENT_COLUMNS} FROM ${EVENTS} WHERE stream_id = $1 AND revision >= $2::bigint
       ORDER BY ${EVENTS}.revision ASC LIMIT $3`
    : `SELECT ${EVENT_COLUMNS} FROM ${EVENTS} WHERE stream_id = $1 AND revision <= $2::bigint
       ORDER BY ${EVENTS}.revision DESC LIMIT $3`;

/**
 * The transactions that hold no write lock on the events table of this database: one read of pg_locks, so for each
 * transaction id its own lock and its virtual transaction's table locks are read together.
 */
const WRITING_NO_EVENTS = `
  WITH locks AS MATERIALIZED (
    SELECT locktype, database, relation, mode, transactionid, virtualtransaction FROM pg_locks WHERE granted)
  SELECT own.transactionid FROM locks own
  WHERE own.locktype = 'transactionid' AND NOT EXISTS (
    SELECT 1 FROM locks events
    WHERE events.virtualtransaction = own.virtualtransaction AND events.locktype = 'relation'
      AND events.mode = 'RowExclusiveLock' AND events.relation = '${EVENTS}'::regclass
      AND events.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;

// CASE fixes the order: pg_xact_status is asked after pg_locks was read (see "The horizon" above).
const HORIZON = `COALESCE(
  (SELECT min(running) FROM pg_snapshot_xip(pg_current_snapshot()) AS running
   WHERE CASE WHEN xid(running) IN (${WRITING_NO_EVENTS}) THEN pg_xact_status(running) <> 'in progress' ELSE true END),
  pg_snapshot_xmax(pg_current_snapshot()))`;

/**
 * The horizon, computed once per statement (a materialized CTE): its pg_locks read is live, so two evaluations in one
 * statement could differ, and a page read below one horizon with a head taken below a later one would skip rows.
 */
const WITH_HORIZON = `WITH horizon AS MATERIALIZED (SELECT ${HORIZON} AS xid)`;
const SAFE = `transaction_id < (SELECT xid FROM horizon)`;

const pageOf = (byType: boolean, byStream: boolean, columns: string): string => {
  const typeParam = 4;
  const streamParam = byType ? 5 : 4;
  return `SELECT ${columns} FROM ${EVENTS}
WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint) AND ${SAFE}
  ${byType ? `AND type = ANY($${typeParam}::text[])` : ''}
  ${byStream ? `AND stream_id LIKE ANY($${streamParam}::text[])` : ''}
ORDER BY transaction_id, global_position
LIMIT $3`;
};

/**
 * A page of the global order after ($1 commit, $2 prepare), at most $3 rows. Filter parameters follow in this order
 * when present: event types (text[]), then stream `LIKE` patterns (text[]).
 */
export const readAllSql = (byType: boolean, byStream: boolean): string =>
  `${WITH_HORIZON}\n${pageOf(byType, byStream, EVENT_COLUMNS)}`;

/** The filter's conditions, its event types (text[]) then stream `LIKE` patterns (text[]) from parameter `first`. */
const filterConditions = (byType: boolean, byStream: boolean, first: number): string =>
  [
    byType ? `AND type = ANY($${first}::text[])` : '',
    byStream ? `AND stream_id LIKE ANY($${byType ? first + 1 : first}::text[])` : '',
  ].join(' ');

/**
 * Are rows after ($1, $2) that the subscription wants waiting for an older transaction to end? Filtered, so a flood
 * in another category (always some rows in flight) does not keep every subscription re-reading at the held-back pace.
 * Every row not yet safe comes after every safe one in the global order, so asked after the position a page was read
 * from, this is also "after the page".
 *
 * A scalar subquery in index order, not EXISTS: the planner drops an ORDER BY and LIMIT inside EXISTS and, expecting
 * to meet a row early, scanned the whole events table (5-8 ms at 36,000 events on every wake-up of every subscriber,
 * growing with the store); in index order it reads only the rows after ($1, $2), 0.05 ms.
 */
const heldBackAfter = (byType: boolean, byStream: boolean, firstFilterParam: number): string => `COALESCE((
  SELECT true FROM ${EVENTS}
  WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
    AND transaction_id >= (SELECT xid FROM horizon)
    ${filterConditions(byType, byStream, firstFilterParam)}
  ORDER BY transaction_id, global_position LIMIT 1
), false)`;

/**
 * A subscription's page, in one round trip: `readAllSql`'s rows, each with the newest readable position of the same
 * snapshot and horizon (head_commit, head_prepare) and whether wanted rows are held back (held). When the page is
 * not full, every readable row up to that head has been considered, so a filtered subscription can move past the
 * events it does not want instead of reading them again on every wake-up. No event columns (a single row with NULL
 * ids) means nothing new is readable; head_commit is NULL while nothing at all is.
 */
export const readPageSql = (byType: boolean, byStream: boolean): string => `
${WITH_HORIZON},
page AS (${pageOf(
  byType,
  byStream,
  `${EVENT_COLUMNS}, transaction_id AS order_commit, global_position AS order_prepare`,
)}),
head AS (
  SELECT transaction_id::text AS head_commit, global_position::text AS head_prepare FROM ${EVENTS}
  WHERE ${SAFE} ORDER BY transaction_id DESC, global_position DESC LIMIT 1
),
-- A full page is read again at once: whether rows are held back after it matters only when it is not full.
held AS (SELECT CASE WHEN (SELECT count(*) FROM page) < $3 THEN ${heldBackAfter(byType, byStream, 4)} ELSE false END AS held)
SELECT page.*, head.head_commit, head.head_prepare, held.held FROM held LEFT JOIN head ON true LEFT JOIN page ON true
ORDER BY page.order_commit, page.order_prepare`;

/**
 * The held-back check on its own, after ($1, $2), the filter as parameters 3 and 4 (readPageSql asks it in the same
 * statement; the generic-events benchmark times it alone).
 */
export const heldBackSql = (byType: boolean, byStream: boolean): string =>
  `${WITH_HORIZON}\nSELECT ${heldBackAfter(byType, byStream, 3)} AS held`;

export const HEAD_SQL = `${WITH_HORIZON}
SELECT transaction_id::text AS commit, global_position::text AS prepare FROM ${EVENTS}
WHERE ${SAFE} ORDER BY transaction_id DESC, global_position DESC LIMIT 1`;

/** `LIKE` pattern for "starts with", with the pattern characters escaped. */
export const prefixPattern = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
