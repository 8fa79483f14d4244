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
 * The horizon. The snapshot's xmin is the oldest running transaction of the whole cluster, so one long transaction
 * in any other database would stall every subscriber. We take instead the oldest in-progress transaction of the
 * statement's snapshot that is not known to belong to another database (pg_stat_activity names each session's
 * database and transaction id). Unknown ones count — a transaction that just ended, a prepared transaction, or a
 * session we may not inspect — so the horizon errs on the side of waiting, never of skipping. With none in progress,
 * the horizon is the snapshot's xmax. All of it is one statement, so the snapshot is the one the rows are read with.
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

export const STREAM_REVISION_SQL = `SELECT revision::text AS revision FROM ${STREAMS} WHERE stream_id = $1`;

export const EVENTS_BY_ID_SQL = `SELECT ${EVENT_COLUMNS} FROM ${EVENTS} WHERE event_id = ANY($1::uuid[])
  ORDER BY transaction_id, global_position`;

// The output column `revision` is text: ORDER BY names the table's bigint column, or 10 would sort before 2.
export const readStreamSql = (direction: 'forwards' | 'backwards'): string =>
  direction === 'forwards'
    ? `SELECT ${EVENT_COLUMNS} FROM ${EVENTS} WHERE stream_id = $1 AND revision >= $2::bigint
       ORDER BY ${EVENTS}.revision ASC LIMIT $3`
    : `SELECT ${EVENT_COLUMNS} FROM ${EVENTS} WHERE stream_id = $1 AND revision <= $2::bigint
       ORDER BY ${EVENTS}.revision DESC LIMIT $3`;

const HORIZON = `COALESCE(
  (SELECT min(running) FROM pg_snapshot_xip(pg_current_snapshot()) AS running
   WHERE xid(running) NOT IN (
     SELECT backend_xid FROM pg_stat_activity
     WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database())),
  pg_snapshot_xmax(pg_current_snapshot()))`;

const SAFE = `transaction_id < ${HORIZON}`;

/**
 * A page of the global order after ($1 commit, $2 prepare), at most $3 rows. Filter parameters follow in this order
 * when present: event types (text[]), then stream `LIKE` patterns (text[]).
 */
export const readAllSql = (byType: boolean, byStream: boolean): string => {
  const typeParam = 4;
  const streamParam = byType ? 5 : 4;
  return `
SELECT ${EVENT_COLUMNS} FROM ${EVENTS}
WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint) AND ${SAFE}
  ${byType ? `AND type = ANY($${typeParam}::text[])` : ''}
  ${byStream ? `AND stream_id LIKE ANY($${streamParam}::text[])` : ''}
ORDER BY transaction_id, global_position
LIMIT $3`;
};

/**
 * A subscription's page: `readAllSql`'s rows, each with the newest readable position of the same snapshot
 * (head_commit, head_prepare). When the page is not full, every readable row up to that head has been considered, so
 * a filtered subscription can move past the events it does not want instead of reading them again on every wake-up.
 * No rows at all means nothing is readable yet.
 */
export const readPageSql = (byType: boolean, byStream: boolean): string => `
WITH page AS (${readAllSql(byType, byStream).replace(
  `SELECT ${EVENT_COLUMNS}`,
  `SELECT ${EVENT_COLUMNS}, transaction_id AS order_commit, global_position AS order_prepare`,
)}),
head AS (
  SELECT transaction_id::text AS head_commit, global_position::text AS head_prepare FROM ${EVENTS}
  WHERE ${SAFE} ORDER BY transaction_id DESC, global_position DESC LIMIT 1
)
SELECT page.*, head.head_commit, head.head_prepare FROM head LEFT JOIN page ON true
ORDER BY page.order_commit, page.order_prepare`;

/**
 * Are rows after ($1, $2) that the subscription wants (event types, then stream patterns, as parameters 3 and 4 when
 * filtering) waiting for an older transaction to end? Filtered, so a flood in another category (always some rows in
 * flight) does not keep every subscription re-reading at the held-back pace.
 */
export const heldBackSql = (byType: boolean, byStream: boolean): string => `SELECT EXISTS (
  SELECT 1 FROM ${EVENTS}
  WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint) AND NOT ${SAFE}
    ${byType ? 'AND type = ANY($3::text[])' : ''}
    ${byStream ? `AND stream_id LIKE ANY($${byType ? 4 : 3}::text[])` : ''}
) AS held`;

export const HEAD_SQL = `SELECT transaction_id::text AS commit, global_position::text AS prepare FROM ${EVENTS}
WHERE ${SAFE} ORDER BY transaction_id DESC, global_position DESC LIMIT 1`;

/** `LIKE` pattern for "starts with", with the pattern characters escaped. */
export const prefixPattern = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
