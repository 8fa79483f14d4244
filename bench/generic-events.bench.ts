/**
 * Ingest throughput of generic events through the real API, started as a child process (`node
 * dist/apps/api/src/main.js`) on the benchmark's fresh database: packets over TCP to the International data source
 * (CR LF framing, statistics echo: the echo of a packet is sent once it is stored, so it is the acknowledgement), and
 * POST /api/events/generic with an API key (the 202 is sent once the event is stored). The reference, in the same
 * run and on the same API process: GET /health (`ref_http_health_rps`), what the HTTP stack serves with no
 * authentication, validation or database, the ceiling of any route. Run it with `npm run bench -- generic-events`;
 * it writes bench/results/generic-events.json.
 *
 * Every phase warms up, then measures a fixed window: a packet counts when its acknowledgement arrives inside the
 * window, and its latency is from the moment it was written (TCP) or requested (HTTP) to that acknowledgement. After
 * each phase the stored GenericEventReceived events are counted in the database, so that the report shows that every
 * acknowledged packet was stored. Alongside, in `diagnostics`, where the time goes: the CPU of the API, of its
 * PostgreSQL backends and of this process, transactions and WAL flushes per acknowledged packet, what the API's
 * database sessions were doing (sampled from pg_stat_activity), the acknowledgements of each second, and at the end
 * what one wake-up of a stream-prefix subscription costs with the events the phases stored.
 *
 * Set BENCH_API_NODE_ARGS to pass options to the API's node, e.g. `--prof --logfile=/tmp/prof/v8.log
 * --no-logfile-per-isolate` (not --cpu-prof: Nest re-raises SIGTERM after closing, so no profile would be written).
 */
import { Agent, request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { GENERIC_EVENT_DATA_SOURCE_STREAM_PREFIX, GENERIC_EVENT_STREAM_PREFIX } from '@vigil/domain';
import { Pool } from 'pg';
import {
  heldBackSql,
  prefixPattern,
  readAllSql,
} from '../libs/infrastructure/src/event-store/postgres/postgres-event-store.sql';
import { callApi, freePort, sleep, startApp, type AppProcess } from './app-process';
import { processCpuSeconds } from './process-cpu';
import {
  checkTargets,
  machineInfo,
  percentile,
  perSecond,
  printReport,
  round,
  writeReport,
  type BenchReport,
  postgresInfo,
} from './bench-report';

const BENCHMARK = 'generic-events';

const SIZES = {
  definitions: 50,
  warmupMs: 2_000,
  measureMs: 12_000,
  /** How long a phase may wait, once it stops sending, for the acknowledgements of what it sent. */
  drainTimeoutMs: 15_000,
  tcpConnections: 8,
  /** Unacknowledged packets per connection: bounded, so that the latency is that of a loaded server, not a queue. */
  tcpInFlight: 200,
  httpSockets: 32,
  httpConcurrency: 48,
  /** A short phase on one connection: its packets are stored one read (chunk) at a time, echoes after each chunk. */
  tcpSingleMeasureMs: 5_000,
  /** The reference phase (GET /health on the same API). */
  referenceMeasureMs: 5_000,
  /** How often the API's database sessions are sampled (pg_stat_activity) during a measured window. */
  waitSampleMs: 100,
} as const;

const TARGETS = {
  tcp_eps: 20_000,
  http_eps: 5_000,
};

const OWNER_PASSWORD = 'Bench-Passw0rd!';
/** The API's env allows at most 10,000 (class-validator @Max); the benchmark logs in once anyway. */
const AUTH_RATE_LIMIT_PER_MINUTE = '10000';
const FIRED_NAME = 'Door053 opened';
const progress = (line: string): void => console.log(`[${BENCHMARK}] ${line}`);

const startApi = (databaseUrl: string, redisUrl: string): Promise<AppProcess> =>
  startApp({
    app: 'api',
    portVariable: 'PORT',
    nodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter((arg) => arg.length > 0),
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: 'vigil_bench_generic_events',
      VIGIL_OWNER_PASSWORD: OWNER_PASSWORD,
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE,
    },
    progress,
  });

// ---------------------------------------------------------------------------------------------------------------
// Set-up over REST

const call = callApi;

type Definition = Readonly<{
  name: string;
  expression: string;
  expressionType: 'search' | 'match' | 'regex';
  priority: number;
}>;

/**
 * 50 definitions, the benchmark's packets ("Door053 opened #n") firing exactly one: a better priority matches no
 * packet (an exact Match, a "forced"), worse ones match too (a regex, a search for "opened") and must not fire, and
 * the rest are other doors, cameras and panic buttons that the matcher still has to rule out.
 */
const definitions = (): Definition[] => {
  const pad = (n: number): string => String(n).padStart(3, '0');
  const fixed: Definition[] = [
    { name: FIRED_NAME, expression: 'Door053 AND opened', expressionType: 'search', priority: 10 },
    { name: 'Door053 exactly opened', expression: 'Door053 opened', expressionType: 'match', priority: 0 },
    { name: 'Door053 forced', expression: 'Door053 AND forced', expressionType: 'search', priority: 1 },
    { name: 'Door053 numbered', expression: '^Door053 opened #\\d+$', expressionType: 'regex', priority: 20 },
    { name: 'Anything opened', expression: 'opened', expressionType: 'search', priority: 100 },
  ];
  const doors = Array.from({ length: 20 }, (_, i): Definition => {
    return {
      name: `Door${pad(i)} or gate`,
      expression: `(Door${pad(i)} OR Gate${pad(i)}) AND (opened OR forced)`,
      expressionType: 'search',
      priority: (i * 7) % 30,
    };
  });
  const cameras = Array.from({ length: 12 }, (_, i): Definition => {
    return {
      name: `Camera ${i} alarm`,
      expression: `^Camera${i} (motion|tamper)( #\\d+)?$`,
      expressionType: 'regex',
      priority: (i * 11) % 50,
    };
  });
  const panics = Array.from({ length: 13 }, (_, i): Definition => {
    return { name: `Panic button ${i}`, expression: `Panic button ${i}`, expressionType: 'match', priority: i };
  });
  return [...fixed, ...doors, ...cameras, ...panics].slice(0, SIZES.definitions);
};

type Setup = Readonly<{ apiKey: string; tcpPort: number }>;

const setUp = async (baseUrl: string): Promise<Setup> => {
  const { accessToken } = await call<{ accessToken: string }>(baseUrl, 'POST', '/api/auth/login', undefined, {
    userName: 'owner',
    password: OWNER_PASSWORD,
  });
  const { key } = await call<{ key: string }>(baseUrl, 'POST', '/api/api-keys', accessToken, {
    name: 'generic-events bench',
    scopes: [{ permission: 'genericEvents.trigger' }],
  });
  const all = definitions();
  for (const definition of all) {
    await call(baseUrl, 'POST', '/api/generic-events', accessToken, { enabled: true, ...definition });
  }
  const tcpPort = await freePort();
  const source = await call<{ listening: boolean }>(
    baseUrl,
    'PUT',
    '/api/generic-events/data-sources/international',
    accessToken,
    {
      name: 'International',
      enabled: true,
      port: tcpPort,
      protocol: 'tcp',
      ipVersion: 'ipv4',
      separatorBytes: [13, 10],
      echo: 'statistics',
      encoding: 'utf8',
      allowedAddresses: ['127.0.0.1'],
    },
  );
  if (!source.listening) {
    throw new Error(`the International data source does not listen on port ${tcpPort}`);
  }
  progress(`${all.length} definitions, an API key, International listening on TCP port ${tcpPort}`);
  return { apiKey: key, tcpPort };
};

// ---------------------------------------------------------------------------------------------------------------
// Where the time goes: CPU from /proc, commits and wait events from PostgreSQL

type Snapshot = Readonly<{
  at: number;
  apiCpu: number;
  benchCpu: number;
  /** CPU seconds of every backend of the benchmark's database, by pid. */
  backendCpu: ReadonlyMap<number, number>;
  /** Transactions of the benchmark's database, read-only ones included (pg_stat_database.xact_commit). */
  transactions: number;
  /** Of the whole cluster: transaction ids handed out (write transactions) and WAL flushes (pg_stat_wal). */
  xids: number;
  walSyncs: number;
}>;

const snapshot = async (pool: Pool, apiPid: number): Promise<Snapshot> => {
  const [backends, counters] = await Promise.all([
    pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()'),
    pool.query<{ transactions: string; xids: string; wal_syncs: string }>(
      `SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::text AS transactions,
              pg_snapshot_xmax(pg_current_snapshot())::text AS xids,
              (SELECT wal_sync FROM pg_stat_wal)::text AS wal_syncs`,
    ),
  ]);
  const row = counters.rows[0];
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    apiCpu: processCpuSeconds(apiPid),
    benchCpu: (usage.user + usage.system) / 1e6,
    backendCpu: new Map(backends.rows.map((row) => [row.pid, processCpuSeconds(row.pid)])),
    transactions: Number(row?.transactions ?? 0),
    xids: Number(row?.xids ?? 0),
    walSyncs: Number(row?.wal_syncs ?? 0),
  };
};

type Usage = Readonly<{
  apiCpuPct: number;
  dbCpuPct: number;
  benchCpuPct: number;
  transactions: number;
  xids: number;
  walSyncs: number;
}>;

/** CPU in % of one core between two snapshots; backends that ended in between are not counted. */
const usageBetween = (from: Snapshot, to: Snapshot): Usage => {
  const seconds = (to.at - from.at) / 1_000;
  const pct = (cpu: number): number => (seconds > 0 ? (cpu * 100) / seconds : 0);
  let dbCpu = 0;
  for (const [pid, cpu] of to.backendCpu) {
    dbCpu += cpu - (from.backendCpu.get(pid) ?? 0);
  }
  return {
    apiCpuPct: pct(to.apiCpu - from.apiCpu),
    dbCpuPct: pct(dbCpu),
    benchCpuPct: pct(to.benchCpu - from.benchCpu),
    transactions: to.transactions - from.transactions,
    xids: to.xids - from.xids,
    walSyncs: to.walSyncs - from.walSyncs,
  };
};

/** What a session of the API is running, from its SQL. */
const queryKind = (query: string): string => {
  if (query.includes('INSERT INTO event_store.events')) {
    return 'append';
  }
  if (query.includes('SELECT EXISTS') && query.includes('FROM event_store.events')) {
    return 'held-back check';
  }
  if (query.includes('FROM event_store.events') && query.includes('LIKE ANY')) {
    return 'read by stream prefix';
  }
  if (query.includes('FROM event_store.events') && query.includes('type = ANY')) {
    return 'read by event type';
  }
  if (query.includes('FROM event_store.events')) {
    return 'read events';
  }
  if (query.includes('access.api_keys')) {
    return 'api key';
  }
  return query.replace(/\s+/g, ' ').trim().slice(0, 40);
};

/**
 * Samples the API's sessions (application names vigil-*) every few ms until stopped: the average number of sessions
 * in each state (active with a wait event or on CPU, and running what; idle...), which says whether appends queue on
 * a lock, on the WAL flush, or behind other queries.
 */
const sampleWaits = (pool: Pool): { stop: () => Promise<Record<string, number>> } => {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query<{ state: string | null; wait: string | null; query: string }>(
        `SELECT state, wait_event_type || '/' || wait_event AS wait, query
         FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'vigil%'`,
      );
      samples += 1;
      for (const row of rows) {
        const key =
          row.state === 'active' ? `active, ${row.wait ?? 'CPU'}: ${queryKind(row.query)}` : (row.state ?? 'unknown');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await sleep(SIZES.waitSampleMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return Object.fromEntries(
        [...counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([state, count]) => [state, round(samples > 0 ? count / samples : 0)]),
      );
    },
  };
};

const storedCount = async (pool: Pool): Promise<number> => {
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM event_store.events WHERE type = 'GenericEventReceived'",
  );
  return Number(rows[0]?.n ?? 0);
};

/** Median time of a statement over a few runs, in ms. */
const timed = async (pool: Pool, sql: string, params: readonly unknown[]): Promise<number> => {
  const times: number[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const startedAt = performance.now();
    await pool.query(sql, [...params]);
    times.push(performance.now() - startedAt);
  }
  return percentile(times, 50);
};

type WakeCost = Readonly<{ pageMs: number; heldBackMs: number; eventsAfter: number }>;

/**
 * What one wake-up of a stream-prefix subscription costs once the phases have stored their events: the two reads the
 * generic-event catalog makes (a page of events after the last one it delivered, which is older than every stored
 * packet since none of them matches its prefixes, then the held-back check from that same position). Every local
 * append wakes every subscription of the API.
 */
const catalogWakeCost = async (pool: Pool): Promise<WakeCost> => {
  const patterns = [GENERIC_EVENT_STREAM_PREFIX, GENERIC_EVENT_DATA_SOURCE_STREAM_PREFIX].map(prefixPattern);
  const { rows } = await pool.query<{ commit: string; prepare: string }>(
    `SELECT transaction_id::text AS commit, global_position::text AS prepare FROM event_store.events
     WHERE stream_id LIKE ANY($1::text[]) ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    [patterns],
  );
  const after = rows[0];
  if (!after) {
    return { pageMs: 0, heldBackMs: 0, eventsAfter: 0 };
  }
  const counted = await pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM event_store.events
     WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)`,
    [after.commit, after.prepare],
  );
  return {
    pageMs: await timed(pool, readAllSql(false, true), [after.commit, after.prepare, 1_000, patterns]),
    heldBackMs: await timed(pool, heldBackSql(false, false), [after.commit, after.prepare]),
    eventsAfter: Number(counted.rows[0]?.n ?? 0),
  };
};

// ---------------------------------------------------------------------------------------------------------------
// A measured phase

type Window = Readonly<{ start: number; end: number }>;

type PhaseResult = Readonly<{
  eps: number;
  latencies: readonly number[];
  /** Acknowledged over the whole phase (warm-up and drain included). */
  acknowledged: number;
  sent: number;
  errors: number;
  reads: number | undefined;
  usage: Usage;
  waits: Record<string, number>;
  /** Acknowledgements in each second of the window: a decline means the cost per event grows as events pile up. */
  perSecond: readonly number[];
}>;

type Driver = Readonly<{
  /** Starts sending; resolves once every sent packet is acknowledged (or the drain timed out) after stopSending. */
  run: (window: Window, onAck: (sentAt: number, ackedAt: number) => void) => Promise<void>;
  stopSending: () => void;
  /** reads: the TCP client's reads, each bringing one or more echoes (a group stored together). */
  counts: () => { sent: number; acknowledged: number; errors: number; reads?: number };
}>;

const measurePhase = async (
  label: string,
  driver: Driver,
  pool: Pool,
  apiPid: number,
  warmupMs: number,
  measureMs: number,
): Promise<PhaseResult> => {
  const start = performance.now() + warmupMs;
  const window: Window = { start, end: start + measureMs };
  const latencies: number[] = [];
  let inWindow = 0;
  const bySecond = Array.from({ length: Math.ceil(measureMs / 1_000) }, () => 0);
  const onAck = (sentAt: number, ackedAt: number): void => {
    if (ackedAt >= window.start && ackedAt < window.end) {
      inWindow += 1;
      latencies.push(ackedAt - sentAt);
      const second = Math.floor((ackedAt - window.start) / 1_000);
      bySecond[second] = (bySecond[second] ?? 0) + 1;
    }
  };
  const running = driver.run(window, onAck);
  await sleep(warmupMs);
  const from = await snapshot(pool, apiPid);
  const waits = sampleWaits(pool);
  await sleep(Math.max(0, window.end - performance.now()));
  driver.stopSending();
  const to = await snapshot(pool, apiPid);
  const waitProfile = await waits.stop();
  await running;
  const counts = driver.counts();
  const usage = usageBetween(from, to);
  progress(
    `${label}: ${Math.round(perSecond(inWindow, measureMs))}/s, ${counts.acknowledged} acknowledged of ` +
      `${counts.sent} sent, ${counts.errors} errors; CPU api ${Math.round(usage.apiCpuPct)}% ` +
      `postgres ${Math.round(usage.dbCpuPct)}% bench ${Math.round(usage.benchCpuPct)}%`,
  );
  return {
    eps: perSecond(inWindow, measureMs),
    latencies,
    acknowledged: counts.acknowledged,
    sent: counts.sent,
    errors: counts.errors,
    reads: counts.reads,
    usage,
    waits: waitProfile,
    perSecond: bySecond,
  };
};

// ---------------------------------------------------------------------------------------------------------------
// TCP: connections pipelining CR LF lines, each echo line acknowledging the next packet of its connection

const tcpDriver = (port: number, connections: number, inFlight: number, prefix: string): Driver => {
  let sending = true;
  let sent = 0;
  let acknowledged = 0;
  let errors = 0;
  let reads = 0;
  const wakers = new Set<() => void>();
  const sockets = new Set<Socket>();
  const stopSending = (): void => {
    sending = false;
    for (const wake of wakers) {
      wake();
    }
  };

  const connection = (index: number, onAck: (sentAt: number, ackedAt: number) => void): Promise<void> =>
    new Promise<void>((done) => {
      const socket: Socket = createConnection({ host: '127.0.0.1', port });
      socket.setNoDelay(true);
      sockets.add(socket);
      const sentAt: number[] = [];
      let head = 0; // sentAt[head] is the send time of the oldest unacknowledged packet
      let pending = '';
      let finished = false;
      const finish = (): void => {
        if (!finished) {
          finished = true;
          wakers.delete(check);
          socket.end();
          done();
        }
      };
      const check = (): void => {
        if (!sending && head === sentAt.length) {
          finish();
        }
      };
      wakers.add(check);
      const fill = (): void => {
        const room = inFlight - (sentAt.length - head);
        if (!sending || room <= 0) {
          return;
        }
        const now = performance.now();
        let lines = '';
        for (let n = 0; n < room; n += 1) {
          sentAt.push(now);
          lines += `${prefix} #${index}-${sentAt.length}\r\n`;
        }
        sent += room;
        socket.write(lines);
      };
      socket.on('connect', fill);
      socket.on('data', (chunk: Buffer) => {
        const ackedAt = performance.now();
        reads += 1;
        pending += chunk.toString('utf8');
        const lines = pending.split('\r\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const first = sentAt[head];
          // The statistics echo: request number, characters, number of events fired, their names.
          const [number, , firedCount, name] = line.split(',');
          if (first === undefined || Number(number) !== head + 1 || firedCount !== '1' || name !== FIRED_NAME) {
            errors += 1;
            if (errors <= 5) {
              progress(`unexpected echo on connection ${index} for packet ${head + 1}: ${JSON.stringify(line)}`);
            }
          }
          if (first !== undefined) {
            head += 1;
            acknowledged += 1;
            onAck(first, ackedAt);
          }
        }
        fill();
        check();
      });
      socket.on('error', (error) => {
        errors += 1;
        progress(`connection ${index}: ${error.message}`);
      });
      socket.on('close', () => {
        if (!finished && sending) {
          progress(`connection ${index} closed by the server with ${sentAt.length - head} unacknowledged`);
        }
        finished = true;
        wakers.delete(check);
        done();
      });
    });

  return {
    run: async (window, onAck) => {
      const all = Promise.all(Array.from({ length: connections }, (_, index) => connection(index, onAck)));
      const drained = await Promise.race([
        all.then(() => true),
        (async () => {
          await sleep(Math.max(0, window.end - performance.now()));
          await sleep(SIZES.drainTimeoutMs);
          return false;
        })(),
      ]);
      if (!drained) {
        progress(`TCP: ${sent - acknowledged} packets still unacknowledged after the drain timeout`);
        for (const socket of sockets) {
          socket.destroy();
        }
        await all;
      }
    },
    stopSending,
    counts: () => ({ sent, acknowledged, errors, reads }),
  };
};

// ---------------------------------------------------------------------------------------------------------------
// HTTP: concurrent keep-alive requests, each acknowledged by its expected status

type HttpCall = Readonly<{ method: string; path: string; headers: Record<string, string>; body?: string }>;

/** A generic event posted with an API key, acknowledged by 202 once stored. */
const ingestCall =
  (apiKey: string) =>
  (index: number, n: number): HttpCall => ({
    method: 'POST',
    path: '/api/events/generic',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ packet: `Door053 opened #h${index}-${n}` }),
  });

/**
 * The reference: the same API's GET /health, public and answered from memory (no authentication, validation or
 * database). What the HTTP stack (Node, Fastify, Nest, request logging) can serve at all on this machine, and so
 * the ceiling of any route of the API.
 */
const healthCall = (): HttpCall => ({ method: 'GET', path: '/health', headers: {} });

const httpDriver = (
  baseUrl: string,
  sockets: number,
  concurrency: number,
  callOf: (index: number, n: number) => HttpCall,
  expectedStatus: number,
): Driver => {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  let sending = true;
  let sent = 0;
  let acknowledged = 0;
  let errors = 0;

  const send = (call: HttpCall): Promise<number> =>
    new Promise<number>((done, fail) => {
      const outgoing = request(
        {
          agent,
          hostname,
          port,
          method: call.method,
          path: call.path,
          headers: {
            ...call.headers,
            ...(call.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(call.body)) }),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => done(response.statusCode ?? 0));
          response.on('error', fail);
        },
      );
      outgoing.on('error', fail);
      outgoing.end(call.body);
    });

  const worker = async (index: number, onAck: (sentAt: number, ackedAt: number) => void): Promise<void> => {
    let n = 0;
    while (sending) {
      n += 1;
      sent += 1;
      const call = callOf(index, n);
      const sentAt = performance.now();
      try {
        const status = await send(call);
        if (status === expectedStatus) {
          acknowledged += 1;
          onAck(sentAt, performance.now());
        } else {
          errors += 1;
          if (errors <= 5) {
            progress(`HTTP ${status} for ${call.method} ${call.path}, expected ${expectedStatus}`);
          }
        }
      } catch (error) {
        errors += 1;
        if (errors <= 5) {
          progress(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  };

  return {
    run: async (_window, onAck) => {
      await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index, onAck)));
      agent.destroy();
    },
    stopSending: () => {
      sending = false;
    },
    counts: () => ({ sent, acknowledged, errors }),
  };
};

// ---------------------------------------------------------------------------------------------------------------

const phaseMetrics = (prefix: string, phase: PhaseResult, stored: number): Record<string, number> => ({
  [`${prefix}_eps`]: round(phase.eps),
  [`${prefix}_latency_p50_ms`]: round(percentile(phase.latencies, 50)),
  [`${prefix}_latency_p99_ms`]: round(percentile(phase.latencies, 99)),
  [`${prefix}_acknowledged`]: phase.acknowledged,
  [`${prefix}_stored`]: stored,
  [`${prefix}_lost`]: Math.max(0, phase.acknowledged - stored),
  [`${prefix}_errors`]: phase.errors,
});

const phaseDiagnostics = (phase: PhaseResult, measureMs: number) => {
  const acknowledgedInWindow = (phase.eps * measureMs) / 1_000;
  const per = (count: number): number => round(acknowledgedInWindow > 0 ? count / acknowledgedInWindow : 0);
  return {
    sent: phase.sent,
    ...(phase.reads ? { echoesPerRead: round(phase.acknowledged / phase.reads) } : {}),
    apiCpuPct: round(phase.usage.apiCpuPct),
    postgresCpuPct: round(phase.usage.dbCpuPct),
    benchCpuPct: round(phase.usage.benchCpuPct),
    transactionsPerAcknowledged: per(phase.usage.transactions),
    clusterWriteTransactionsPerAcknowledged: per(phase.usage.xids),
    clusterWalSyncsPerSecond: round(perSecond(phase.usage.walSyncs, measureMs)),
    /** Average number of the API's database sessions in each state during the window. */
    sessions: phase.waits,
    acknowledgedPerSecond: phase.perSecond,
  };
};

const run = async (api: AppProcess, pool: Pool): Promise<void> => {
  const postgres = await postgresInfo(pool);
  const apiPid = api.child.pid ?? 0;
  const { apiKey, tcpPort } = await setUp(api.baseUrl);
  const { warmupMs, measureMs } = SIZES;

  /** A phase with the number of GenericEventReceived it stored, counted in the database before and after it. */
  const counted = async (measure: () => Promise<PhaseResult>): Promise<[PhaseResult, number]> => {
    const before = await storedCount(pool);
    const result = await measure();
    return [result, (await storedCount(pool)) - before];
  };

  // HTTP first: every phase stores events, and what the API costs per event grows with the events stored (see the
  // diagnostics), so the phase that stores few does not inherit the TCP phase's 100,000 or more.
  progress(
    `HTTP: ${SIZES.httpConcurrency} concurrent requests on ${SIZES.httpSockets} sockets, ${measureMs / 1_000} s`,
  );
  const [http, httpStored] = await counted(() =>
    measurePhase(
      'HTTP',
      httpDriver(api.baseUrl, SIZES.httpSockets, SIZES.httpConcurrency, ingestCall(apiKey), 202),
      pool,
      apiPid,
      warmupMs,
      measureMs,
    ),
  );
  progress(`TCP: ${SIZES.tcpConnections} connections, ${SIZES.tcpInFlight} in flight each, ${measureMs / 1_000} s`);
  const [tcp, tcpStored] = await counted(() =>
    measurePhase(
      'TCP',
      tcpDriver(tcpPort, SIZES.tcpConnections, SIZES.tcpInFlight, 'Door053 opened'),
      pool,
      apiPid,
      warmupMs,
      measureMs,
    ),
  );
  progress(`TCP, 1 connection, ${SIZES.tcpInFlight} in flight, ${SIZES.tcpSingleMeasureMs / 1_000} s`);
  const [single, singleStored] = await counted(() =>
    measurePhase(
      'TCP 1 connection',
      tcpDriver(tcpPort, 1, SIZES.tcpInFlight, 'Door053 opened'),
      pool,
      apiPid,
      warmupMs,
      SIZES.tcpSingleMeasureMs,
    ),
  );
  progress(
    `reference: GET /health, ${SIZES.httpConcurrency} concurrent requests, ${SIZES.referenceMeasureMs / 1_000} s`,
  );
  const reference = await measurePhase(
    'GET /health',
    httpDriver(api.baseUrl, SIZES.httpSockets, SIZES.httpConcurrency, healthCall, 200),
    pool,
    apiPid,
    warmupMs,
    SIZES.referenceMeasureMs,
  );
  const wakeCost = await catalogWakeCost(pool);

  const metrics = {
    ...phaseMetrics('tcp', tcp, tcpStored),
    ...phaseMetrics('http', http, httpStored),
    ...phaseMetrics('tcp_1conn', single, singleStored),
    ref_http_health_rps: round(reference.eps),
    ref_http_health_latency_p99_ms: round(percentile(reference.latencies, 99)),
    http_eps_vs_health_rps: round(http.eps / reference.eps),
  };
  const report: BenchReport & { diagnostics: Record<string, unknown> } = {
    benchmark: BENCHMARK,
    recordedAt: new Date().toISOString(),
    machine: machineInfo(postgres.version, postgres.settings),
    parameters: { ...SIZES },
    metrics,
    targets: TARGETS,
    meetsTargets: checkTargets(metrics, TARGETS),
    diagnostics: {
      tcp: phaseDiagnostics(tcp, measureMs),
      http: phaseDiagnostics(http, measureMs),
      tcp_1conn: phaseDiagnostics(single, SIZES.tcpSingleMeasureMs),
      ref_http_health: phaseDiagnostics(reference, SIZES.referenceMeasureMs),
      catalogWakeAfterThePhases: {
        pageReadMs: round(wakeCost.pageMs),
        heldBackCheckMs: round(wakeCost.heldBackMs),
        eventsAfterItsPosition: wakeCost.eventsAfter,
      },
    },
  };
  const file = writeReport(report);
  printReport(report, file);
  console.log(`diagnostics: ${JSON.stringify(report.diagnostics, null, 2)}`);
};

const main = async (): Promise<void> => {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new Error(
      'BENCH_DATABASE_URL or REDIS_URL is not set: run the benchmark with `npm run bench -- ' + BENCHMARK,
    );
  }
  const pool = new Pool({ connectionString: databaseUrl, max: 3, application_name: 'bench-generic-events' });
  let api: AppProcess | undefined;
  const interrupted = (signal: NodeJS.Signals): void => {
    progress(`${signal}: stopping the API`);
    void (api?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    api = await startApi(databaseUrl, redisUrl);
    await run(api, pool);
  } finally {
    await api?.stop();
    await pool.end();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
