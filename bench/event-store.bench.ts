/**
 * Throughput of the PostgreSQL event store on a real server: appends (one writer, eight writers, batches of 100),
 * their latency, a catch-up subscription over 100,000 stored events, and plain `pg` INSERTs of the same rows as the
 * reference for what the server itself can take. Run it with `npm run bench -- event-store`, which gives it a
 * fresh, migrated database in BENCH_DATABASE_URL; it writes bench/results/event-store.json.
 *
 * Order of the phases: the 100,000 events of the catch-up are stored first, so that the subscription reads exactly
 * those; the append phases then run on a table of realistic size, and the reference table starts with a copy of
 * the same rows so that neither side has smaller indexes.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventMetadata, NewEvent } from '@vigil/domain';
import { Pool } from 'pg';
import { PostgresEventStore } from '../libs/infrastructure/src/event-store/postgres/postgres-event-store';
import {
  checkTargets,
  elapsedMs,
  machineInfo,
  median,
  percentile,
  perSecond,
  printReport,
  round,
  writeReport,
  postgresInfo,
} from './bench-report';

const BENCHMARK = 'event-store';

const SIZES = {
  warmupAppends: 200,
  warmupBatches: 20,
  singleWriterAppends: 5_000,
  writers: 8,
  /** Per round: 3 rounds of 8 x 500 = 12,000 appends in all. */
  appendsPerWriter: 500,
  batchSize: 100,
  /** 200 batches of 100 = 20,000 events per round. */
  batchesPerRound: 200,
  /** The store and the raw reference alternate for this many rounds; the median of each is reported. */
  rounds: 3,
  catchupEvents: 100_000,
  catchupWarmupEvents: 10_000,
} as const;

/** Eight writers, the notifier's NOTIFY, and one spare for a subscription's reads. */
const POOL_SIZE = 10;

/** The least each metric should reach. */
const TARGETS = {
  append_batch100_eps: 20_000,
  append_8writers_eps: 3_000,
  catchup_eps: 50_000,
  batch_vs_raw_ratio: 0.6,
};

/** Server settings that decide most of the cost of a commit; recorded with the results. */

const DATA_BYTES = 200;
const METADATA: EventMetadata = { correlationId: randomUUID(), actorId: 'bench' };

const progress = (line: string): void => console.log(`[${BENCHMARK}] ${line}`);

// ---------------------------------------------------------------------------------------------------------------
// Events

/** A detection event padded to exactly DATA_BYTES of JSON, so every phase writes the same payload. */
const eventData = (sequence: number): Record<string, unknown> => {
  const data: Record<string, unknown> = {
    cameraId: 'camera-0042',
    zoneId: 'zone-entrance-north',
    objectClass: 'person',
    confidence: 0.9132,
    boundingBox: { x: 0.4123, y: 0.2231, width: 0.1012, height: 0.3321 },
    frame: sequence,
    note: '',
  };
  data.note = 'x'.repeat(Math.max(0, DATA_BYTES - JSON.stringify(data).length));
  return data;
};

const newEvent = (sequence: number): NewEvent => ({
  id: randomUUID(),
  type: 'ObjectDetected',
  data: eventData(sequence),
  metadata: METADATA,
});

/** `appends` batches of `size` events, generated before a phase is timed so that only the writes are measured. */
const makeBatches = (appends: number, size: number): NewEvent[][] =>
  Array.from({ length: appends }, (_, append) =>
    Array.from({ length: size }, (_, index) => newEvent(append * size + index)),
  );

// ---------------------------------------------------------------------------------------------------------------
// Writers: the store and the raw reference are timed by the same code

/** Writes one batch of events to a new stream. */
type Write = (streamId: string, events: readonly NewEvent[]) => Promise<unknown>;

const storeWrite =
  (store: PostgresEventStore): Write =>
  (streamId, events) =>
    store.append(streamId, events, 'no_stream');

/** Writes each batch to a new stream, one after another; returns the latency of every write in ms. */
const writeSequentially = async (
  write: Write,
  streamPrefix: string,
  batches: readonly NewEvent[][],
): Promise<number[]> => {
  const latencies: number[] = [];
  for (const [index, events] of batches.entries()) {
    const startedAt = performance.now();
    await write(`${streamPrefix}-${index}`, events);
    latencies.push(elapsedMs(startedAt));
  }
  return latencies;
};

type Run = Readonly<{ eps: number; latencies: readonly number[] }>;

/** `writers` concurrent writers, each awaiting its own `writesPerWriter` writes of `batchSize` events. */
const measureWriters = async (
  write: Write,
  name: string,
  writers: number,
  writesPerWriter: number,
  batchSize: number,
): Promise<Run> => {
  const perWriter = Array.from({ length: writers }, () => makeBatches(writesPerWriter, batchSize));
  const startedAt = performance.now();
  const latencies = await Promise.all(
    perWriter.map((batches, writer) => writeSequentially(write, `${name}-w${writer}`, batches)),
  );
  const ms = elapsedMs(startedAt);
  return { eps: perSecond(writers * writesPerWriter * batchSize, ms), latencies: latencies.flat() };
};

/**
 * Measures the store and the raw reference in turns, SIZES.rounds times, so that checkpoints, autovacuum and other
 * load on the machine land on both sides instead of one. Returns the median throughput of each side and the store's
 * latencies over all rounds.
 */
const alternate = async (
  label: string,
  measureStore: (round: number) => Promise<Run>,
  measureRaw: (round: number) => Promise<Run>,
) => {
  const storeRounds: number[] = [];
  const rawRounds: number[] = [];
  const latencies: number[] = [];
  for (let index = 0; index < SIZES.rounds; index += 1) {
    progress(`${label}, round ${index + 1}/${SIZES.rounds}: store then raw`);
    const store = await measureStore(index);
    storeRounds.push(store.eps);
    latencies.push(...store.latencies);
    rawRounds.push((await measureRaw(index)).eps);
  }
  return { store: median(storeRounds), raw: median(rawRounds), storeRounds, rawRounds, latencies };
};

/** Time until a subscription from 'start' has delivered `count` events (the store must hold at least that many). */
const measureCatchUp = async (store: PostgresEventStore, count: number): Promise<number> => {
  const startedAt = performance.now();
  const subscription = store.subscribeToAll({ from: 'start' });
  let delivered = 0;
  try {
    for await (const batch of subscription) {
      delivered += batch.length;
      if (delivered >= count) {
        break;
      }
    }
  } finally {
    await subscription.close();
  }
  return perSecond(delivered, elapsedMs(startedAt));
};

// ---------------------------------------------------------------------------------------------------------------
// Raw reference: the same rows, written by plain INSERTs with no event store around them

/**
 * The same statement shape as the store's insert (one statement per batch, unnest of arrays, text cast to jsonb),
 * without the stream row, the CTE, the RETURNING, the validation or the NOTIFY.
 */
const RAW_INSERT_SQL = `
INSERT INTO bench_raw (stream_id, revision, event_id, type, data, metadata)
SELECT $1, e.ordinal - 1, e.id, e.type, e.data::jsonb, e.metadata::jsonb
FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS e(id, type, data, metadata, ordinal)`;

/** One INSERT per batch, through a pool as the store does; the JSON is serialised here as the store serialises it. */
const rawWrite =
  (pool: Pool): Write =>
  (streamId, events) =>
    pool.query(RAW_INSERT_SQL, [
      streamId,
      events.map((event) => event.id),
      events.map((event) => event.type),
      events.map((event) => JSON.stringify(event.data)),
      events.map((event) => JSON.stringify(event.metadata ?? {})),
    ]);

/**
 * A copy of event_store.events: INCLUDING ALL brings the defaults (transaction_id, recorded_at), a new identity
 * sequence for global_position and every index, so a raw row costs the server what a stored event costs. It starts
 * with the rows the events table holds, so that both sides insert into indexes of the same size.
 */
const createRawTable = async (pool: Pool): Promise<string> => {
  await pool.query('DROP TABLE IF EXISTS bench_raw');
  await pool.query('CREATE TABLE bench_raw (LIKE event_store.events INCLUDING ALL)');
  await pool.query('INSERT INTO bench_raw OVERRIDING SYSTEM VALUE SELECT * FROM event_store.events');
  await pool.query('VACUUM ANALYZE bench_raw');
  await pool.query('VACUUM ANALYZE event_store.events');
  return describeRawTable(pool);
};

/** Checks that the copy has the shape of the original: a wrong reference would make the ratio meaningless. */
const describeRawTable = async (pool: Pool): Promise<string> => {
  const { rows } = await pool.query<{ events: number; raw: number; identity: string; defaults: number }>(`
    SELECT
      (SELECT count(*)::int FROM pg_index WHERE indrelid = 'event_store.events'::regclass) AS events,
      (SELECT count(*)::int FROM pg_index WHERE indrelid = 'bench_raw'::regclass) AS raw,
      (SELECT attidentity FROM pg_attribute WHERE attrelid = 'bench_raw'::regclass AND attname = 'global_position')
        AS identity,
      (SELECT count(*)::int FROM pg_attrdef WHERE adrelid = 'bench_raw'::regclass) AS defaults`);
  const shape = rows[0];
  if (!shape || shape.raw !== shape.events || shape.identity !== 'a' || shape.defaults !== 2) {
    throw new Error(`bench_raw does not have the shape of event_store.events: ${JSON.stringify(shape)}`);
  }
  return `${shape.raw} indexes like event_store.events, global_position GENERATED ALWAYS AS IDENTITY, 2 defaults`;
};

// ---------------------------------------------------------------------------------------------------------------

const run = async (store: PostgresEventStore, pool: Pool): Promise<void> => {
  const postgres = await postgresInfo(pool);
  const appendEvents = storeWrite(store);
  const insertRows = rawWrite(pool);
  const { writers, appendsPerWriter, batchSize, batchesPerRound } = SIZES;

  progress(`storing ${SIZES.catchupEvents} events in batches of ${batchSize} for the catch-up`);
  await writeSequentially(appendEvents, 'catchup', makeBatches(SIZES.catchupEvents / batchSize, batchSize));
  progress('catch-up subscription from the start');
  await measureCatchUp(store, SIZES.catchupWarmupEvents);
  const catchupEps = await measureCatchUp(store, SIZES.catchupEvents);

  progress('warming up the appends and the raw inserts');
  const rawTable = await createRawTable(pool);
  await measureWriters(appendEvents, 'warmup', writers, SIZES.warmupAppends / writers, 1);
  await measureWriters(appendEvents, 'warmup-batch', 1, SIZES.warmupBatches, batchSize);
  await measureWriters(insertRows, 'warmup-raw', writers, SIZES.warmupAppends / writers, 1);
  await measureWriters(insertRows, 'warmup-raw-batch', 1, SIZES.warmupBatches, batchSize);

  progress(`1 writer, ${SIZES.singleWriterAppends} single-event appends`);
  const single = await measureWriters(appendEvents, 'single', 1, SIZES.singleWriterAppends, 1);
  const concurrent = await alternate(
    `${writers} writers, ${appendsPerWriter} single-event writes each`,
    (index) => measureWriters(appendEvents, `writers-r${index}`, writers, appendsPerWriter, 1),
    (index) => measureWriters(insertRows, `raw-writers-r${index}`, writers, appendsPerWriter, 1),
  );
  const batched = await alternate(
    `1 writer, ${batchesPerRound} batches of ${batchSize}`,
    (index) => measureWriters(appendEvents, `batch-r${index}`, 1, batchesPerRound, batchSize),
    (index) => measureWriters(insertRows, `raw-batch-r${index}`, 1, batchesPerRound, batchSize),
  );

  const metrics = {
    append_1writer_eps: round(single.eps),
    append_latency_p50_ms: round(percentile(single.latencies, 50)),
    append_latency_p99_ms: round(percentile(single.latencies, 99)),
    append_8writers_eps: round(concurrent.store),
    append_8writers_latency_p50_ms: round(percentile(concurrent.latencies, 50)),
    append_8writers_latency_p99_ms: round(percentile(concurrent.latencies, 99)),
    raw_insert_8writers_eps: round(concurrent.raw),
    append_batch100_eps: round(batched.store),
    raw_insert_eps: round(batched.raw),
    batch_vs_raw_ratio: round(batched.store / batched.raw),
    catchup_eps: round(catchupEps),
  };
  const report = {
    benchmark: BENCHMARK,
    recordedAt: new Date().toISOString(),
    machine: machineInfo(postgres.version, postgres.settings),
    parameters: {
      ...SIZES,
      poolSize: POOL_SIZE,
      dataBytes: JSON.stringify(eventData(0)).length,
      metadataBytes: JSON.stringify(METADATA).length,
      rawTable,
    },
    metrics,
    rounds: {
      append_8writers_eps: concurrent.storeRounds.map(round),
      raw_insert_8writers_eps: concurrent.rawRounds.map(round),
      append_batch100_eps: batched.storeRounds.map(round),
      raw_insert_eps: batched.rawRounds.map(round),
    },
    targets: TARGETS,
    meetsTargets: checkTargets(metrics, TARGETS),
  };
  printReport(report, writeReport(report));
};

const main = async (): Promise<void> => {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    throw new Error('BENCH_DATABASE_URL is not set: run the benchmark with `npm run bench -- event-store`');
  }
  // The raw reference gets as many connections as the store, so that neither side waits for the pool.
  const pool = new Pool({ connectionString: url, max: POOL_SIZE, application_name: 'vigil-bench-raw' });
  const store = new PostgresEventStore({ connectionString: url, poolSize: POOL_SIZE });
  try {
    await run(store, pool);
  } finally {
    await store.close();
    await pool.end();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
