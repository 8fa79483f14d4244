/**
 * From a generic event sent over TCP to the alarm message on operators' sockets, through the real apps: the API
 * (generic-event data source, alarm feed, socket.io gateway) and the rule engine (alarm engine), both started as
 * child processes on the benchmark's fresh database. Run it with `npm run bench -- alarms`; it writes
 * bench/results/alarms.json.
 *
 * The site: 1,000 generic event definitions ("Bench alarm 0000" … "Bench alarm 0999", each matching its own
 * packets) and 1,000 enabled alarm definitions, one on each. Packets go to the International data source at a
 * steady 500 a second, cycling over the definitions, so every packet raises exactly one alarm. Each phase connects
 * its operators (sockets of one operator session, all seeing every alarm), warms up, then measures a fixed window:
 * every packet sent in the window must reach every operator as an `alarm` message (`expected`), and each arrival is
 * timed from the moment its packet was written. An alarm is matched to its packet by definition, in order (the
 * engine raises the alarms of one definition in the order of their packets; a definition gets a packet every 2 s).
 *
 * The reference, in the same run: a bare socket.io server (a child process of this benchmark, no Vigil, no
 * database) emitting a message of the same size at the same rate to as many sockets, timed the same way: what the
 * transport alone costs on this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, type Socket as TcpSocket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { AlarmFeedMessage, AlarmRaised } from '@vigil/domain';
import { Pool } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { callApi, freePort, sleep, startApp, type AppProcess } from './app-process';
import { processCpuSeconds } from './process-cpu';
import {
  checkTargets,
  machineInfo,
  percentile,
  printReport,
  round,
  writeReport,
  type BenchReport,
} from './bench-report';

const BENCHMARK = 'alarms';

const SIZES = {
  definitions: 1_000,
  /** BENCH_ALARMS_OPERATORS overrides it (the fan-out phase stays at 1,000). */
  operators: Number(process.env.BENCH_ALARMS_OPERATORS ?? 100),
  fanoutOperators: 1_000,
  /**
   * BENCH_ALARMS_ONLY_OPERATORS=1 runs only the first phase (and no reference), to look into its latency quickly;
   * the report then lacks the other phases' metrics and so misses their targets.
   */
  onlyOperators: process.env.BENCH_ALARMS_ONLY_OPERATORS === '1',
  /** BENCH_ALARMS_EPS overrides it, to find the rate the machine sustains. */
  eventsPerSecond: Number(process.env.BENCH_ALARMS_EPS ?? 500),
  warmupMs: 3_000,
  measureMs: 30_000,
  /** How long a phase waits, once it stops sending, for the alarms of what it sent. */
  drainTimeoutMs: 30_000,
  /** Definitions created at once during the set-up. */
  setupConcurrency: 8,
} as const;

const TARGETS_AT_MOST = {
  latency_p99_ms: 100,
  fanout1000_latency_p99_ms: 250,
  undelivered: 0,
  fanout1000_undelivered: 0,
};

const OWNER_PASSWORD = 'Bench-Passw0rd!';
const PREFIX = 'vigil_bench_alarms';

const progress = (line: string): void => console.log(`[${BENCHMARK}] ${line}`);
const pad = (n: number): string => String(n).padStart(4, '0');
const definitionName = (n: number): string => `Bench alarm ${pad(n)}`;

// ---------------------------------------------------------------------------------------------------------------
// Set-up

type Site = Readonly<{ token: string; tcpPort: number }>;

/** Runs `task` for 0 … count-1, `concurrency` at a time. */
const forEach = async (count: number, concurrency: number, task: (n: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const n = next;
      next += 1;
      await task(n);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

const setUp = async (api: AppProcess): Promise<Site> => {
  const { accessToken: token } = await callApi<{ accessToken: string }>(api.baseUrl, 'POST', '/api/auth/login', '', {
    userName: 'owner',
    password: OWNER_PASSWORD,
  });
  const startedAt = performance.now();
  await forEach(SIZES.definitions, SIZES.setupConcurrency, async (n) => {
    const { genericEventId } = await callApi<{ genericEventId: string }>(
      api.baseUrl,
      'POST',
      '/api/generic-events',
      token,
      {
        name: definitionName(n),
        enabled: true,
        expression: `^${definitionName(n)} #\\d+$`,
        expressionType: 'regex',
        priority: 10,
      },
    );
    await callApi(api.baseUrl, 'POST', '/api/alarm-definitions', token, {
      name: definitionName(n),
      triggeringEvent: { eventType: 'GenericEventReceived', eventId: genericEventId, sources: { kind: 'external' } },
    });
  });
  progress(
    `${SIZES.definitions} generic event and alarm definitions in ${round((performance.now() - startedAt) / 1_000)} s`,
  );
  const tcpPort = await freePort();
  await callApi(api.baseUrl, 'PUT', '/api/generic-events/data-sources/international', token, {
    name: 'International',
    enabled: true,
    port: tcpPort,
    protocol: 'tcp',
    ipVersion: 'ipv4',
    separatorBytes: [13, 10],
    echo: 'statistics',
    encoding: 'utf8',
    allowedAddresses: ['127.0.0.1'],
  });
  return { token, tcpPort };
};

// ---------------------------------------------------------------------------------------------------------------
// The operators

type Operators = Readonly<{ sockets: Socket[]; close: () => void }>;

const connectOperators = async (
  url: string,
  auth: Record<string, string>,
  count: number,
  onMessage: (operator: number, message: unknown, receivedAt: number) => void,
  event: string,
): Promise<Operators> => {
  const sockets: Socket[] = [];
  const ready: Promise<void>[] = [];
  for (let operator = 0; operator < count; operator++) {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on(event, (message: unknown) => onMessage(operator, message, performance.now()));
    ready.push(
      new Promise<void>((resolve, reject) => {
        socket.once('ready', () => resolve());
        socket.once('connect_error', (error: Error) => reject(error));
      }),
    );
    sockets.push(socket);
  }
  await Promise.all(ready);
  return {
    sockets,
    close: () => {
      for (const socket of sockets) {
        socket.disconnect();
      }
    },
  };
};

// ---------------------------------------------------------------------------------------------------------------
// A phase: paced packets, timed arrivals

type Sent = { sentAt: number; sentAtEpoch: number; measured: boolean; received: number };

type PhaseResult = Readonly<{
  latencies: number[];
  delivered: number;
  expected: number;
  sentInWindow: number;
  /** Arrivals more than the operators for one alarm (an alarm delivered twice to a socket would show here). */
  duplicates: number;
  /** From the packet to its alarm stored (the AlarmRaised's recordedAt), for the measured alarms. */
  storedLatencies: number[];
  /** The measured alarms' first arrivals, for the breakdown by stage. */
  firstArrivals: FirstArrival[];
  /** CPU over the measured window, in % of one core, by process (where the time goes). */
  cpuPct: Readonly<Record<string, number>>;
}>;

/** One measured alarm: its packet, its triggering event (stored when?), its AlarmRaised stored, its first arrival. */
type FirstArrival = Readonly<{ triggerId: string; sentAtEpoch: number; storedAt: number; receivedAtEpoch: number }>;

/** CPU seconds used so far by each process of a phase, by name. */
type CpuMeter = () => Record<string, number>;

const benchCpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const cpuMeterOf =
  (pids: Readonly<Record<string, number | undefined>>): CpuMeter =>
  () => ({
    ...Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? 0 : processCpuSeconds(pid)]),
    ),
    bench: benchCpuSeconds(),
  });

const cpuPctBetween = (from: Record<string, number>, to: Record<string, number>, ms: number): Record<string, number> =>
  Object.fromEntries(Object.entries(to).map(([name, cpu]) => [name, round(((cpu - (from[name] ?? 0)) * 1e5) / ms)]));

/**
 * Sends `eventsPerSecond` packets from `warmupMs` before the window to its end, and collects the arrivals that
 * `track` reports (the packet's definition and an id of the arrival's alarm).
 */
const runPhase = async (
  label: string,
  operators: number,
  cpu: CpuMeter,
  send: (definition: number, sequence: number) => void,
  onArrival: (
    handler: (
      definition: number,
      alarmKey: string,
      operator: number,
      receivedAt: number,
      stored?: Readonly<{ at: number; triggerId: string }>,
    ) => void,
  ) => () => void,
): Promise<PhaseResult> => {
  const storedLatencies: number[] = [];
  const firstArrivals: FirstArrival[] = [];
  const pending: Sent[][] = Array.from({ length: SIZES.definitions }, () => []);
  const byAlarm = new Map<string, Sent>();
  const latencies: number[] = [];
  let delivered = 0;
  let duplicates = 0;
  let expected = 0;
  const stop = onArrival((definition, alarmKey, _operator, receivedAt, stored) => {
    let sent = byAlarm.get(alarmKey);
    if (sent === undefined) {
      sent = pending[definition]?.shift();
      if (sent === undefined) {
        return; // an alarm of a packet sent before the phase
      }
      byAlarm.set(alarmKey, sent);
      if (sent.measured && stored !== undefined) {
        storedLatencies.push(stored.at - sent.sentAtEpoch);
        firstArrivals.push({
          triggerId: stored.triggerId,
          sentAtEpoch: sent.sentAtEpoch,
          storedAt: stored.at,
          receivedAtEpoch: performance.timeOrigin + receivedAt,
        });
      }
    }
    sent.received += 1;
    if (sent.received > operators) {
      duplicates += 1;
    }
    if (sent.measured) {
      delivered += 1;
      latencies.push(receivedAt - sent.sentAt);
    }
  });
  const startedAt = performance.now();
  const windowStart = startedAt + SIZES.warmupMs;
  const windowEnd = windowStart + SIZES.measureMs;
  let sequence = 0;
  let sentInWindow = 0;
  let cpuAtStart: Record<string, number> | undefined;
  while (performance.now() < windowEnd) {
    if (cpuAtStart === undefined && performance.now() >= windowStart) {
      cpuAtStart = cpu();
    }
    const due = Math.floor(((performance.now() - startedAt) * SIZES.eventsPerSecond) / 1_000);
    while (sequence < due) {
      const definition = sequence % SIZES.definitions;
      const now = performance.now();
      const measured = now >= windowStart && now < windowEnd;
      pending[definition]?.push({ sentAt: now, sentAtEpoch: Date.now(), measured, received: 0 });
      send(definition, sequence);
      sequence += 1;
      if (measured) {
        sentInWindow += 1;
        expected += operators;
      }
    }
    await sleep(5);
  }
  const cpuPct = cpuPctBetween(cpuAtStart ?? {}, cpu(), SIZES.measureMs);
  const drainUntil = performance.now() + SIZES.drainTimeoutMs;
  while (delivered < expected && performance.now() < drainUntil) {
    await sleep(50);
  }
  stop();
  progress(
    `${label}: ${sentInWindow} events in ${SIZES.measureMs / 1_000} s, ${delivered} of ${expected} deliveries, ` +
      `p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms; stored p50 ` +
      `${round(percentile(storedLatencies, 50))} ms, p99 ${round(percentile(storedLatencies, 99))} ms; CPU % of a core ` +
      JSON.stringify(cpuPct),
  );
  return { latencies, delivered, expected, sentInWindow, duplicates, storedLatencies, firstArrivals, cpuPct };
};

const phaseMetrics = (prefix: string, phase: PhaseResult): Record<string, number> => ({
  [`${prefix}latency_p50_ms`]: round(percentile(phase.latencies, 50)),
  [`${prefix}latency_p95_ms`]: round(percentile(phase.latencies, 95)),
  [`${prefix}latency_p99_ms`]: round(percentile(phase.latencies, 99)),
  [`${prefix}latency_max_ms`]: round(phase.latencies.reduce((most, latency) => Math.max(most, latency), 0)),
  [`${prefix}delivered`]: phase.delivered,
  [`${prefix}expected`]: phase.expected,
  // Not delivered by the end of the drain window (SIZES.drainTimeoutMs after the last packet): late or lost.
  [`${prefix}undelivered`]: phase.expected - phase.delivered,
  [`${prefix}duplicates`]: phase.duplicates,
  [`${prefix}events`]: phase.sentInWindow,
  ...(phase.storedLatencies.length === 0
    ? {}
    : {
        [`${prefix}stored_latency_p50_ms`]: round(percentile(phase.storedLatencies, 50)),
        [`${prefix}stored_latency_p99_ms`]: round(percentile(phase.storedLatencies, 99)),
      }),
  ...Object.fromEntries(Object.entries(phase.cpuPct).map(([name, pct]) => [`${prefix}cpu_pct_${name}`, pct])),
});

/**
 * Where the time of the measured alarms went, by stage, from the stored times of their triggering events: `ingest`
 * (packet written → generic event stored), `engine` (→ AlarmRaised stored), `delivery` (→ first operator socket).
 */
const stageBreakdown = async (pool: Pool, prefix: string, arrivals: readonly FirstArrival[]) => {
  const triggerStored = new Map<string, number>();
  const ids = arrivals.map((arrival) => arrival.triggerId);
  for (let from = 0; from < ids.length; from += 5_000) {
    const { rows } = await pool.query<{ id: string; at: Date }>(
      'SELECT event_id::text AS id, recorded_at AS at FROM event_store.events WHERE event_id = ANY($1::uuid[])',
      [ids.slice(from, from + 5_000)],
    );
    rows.forEach((row) => triggerStored.set(row.id, row.at.getTime()));
  }
  const stages = { ingest: [] as number[], engine: [] as number[], delivery: [] as number[] };
  for (const arrival of arrivals) {
    const stored = triggerStored.get(arrival.triggerId);
    if (stored !== undefined) {
      stages.ingest.push(stored - arrival.sentAtEpoch);
      stages.engine.push(arrival.storedAt - stored);
    }
    stages.delivery.push(arrival.receivedAtEpoch - arrival.storedAt);
  }
  return Object.fromEntries(
    Object.entries(stages).flatMap(([stage, samples]) => [
      [`${prefix}stage_${stage}_p50_ms`, round(percentile(samples, 50))],
      [`${prefix}stage_${stage}_p99_ms`, round(percentile(samples, 99))],
    ]),
  );
};

// ---------------------------------------------------------------------------------------------------------------
// Vigil: packets over TCP, alarms on the /alarms namespace

const vigilPhase = async (api: AppProcess, site: Site, operatorCount: number, cpu: CpuMeter): Promise<PhaseResult> => {
  const listeners = new Set<
    (
      definition: number,
      alarmKey: string,
      operator: number,
      receivedAt: number,
      stored?: Readonly<{ at: number; triggerId: string }>,
    ) => void
  >();
  const operators = await connectOperators(
    `${api.baseUrl}/alarms`,
    { token: site.token },
    operatorCount,
    (operator, message, receivedAt) => {
      for (const alarm of message as AlarmFeedMessage[]) {
        if (alarm.type !== 'AlarmRaised') {
          continue;
        }
        const definition = Number((alarm.data as AlarmRaised['data']).name.slice('Bench alarm '.length));
        for (const listener of listeners) {
          listener(definition, alarm.alarmId, operator, receivedAt, {
            at: alarm.recordedAt,
            triggerId: (alarm.data as AlarmRaised['data']).triggeringEventId,
          });
        }
      }
    },
    'alarms',
  );
  const tcp = await openTcp(site.tcpPort);
  try {
    return await runPhase(
      `${operatorCount} operators`,
      operatorCount,
      cpu,
      (definition, sequence) => tcp.write(`${definitionName(definition)} #${sequence}\r\n`),
      (handler) => {
        listeners.add(handler);
        return () => listeners.delete(handler);
      },
    );
  } finally {
    tcp.destroy();
    operators.close();
  }
};

const openTcp = (port: number): Promise<TcpSocket> =>
  new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.setNoDelay(true);
    socket.on('data', () => undefined); // the statistics echo: read and dropped
    socket.once('error', reject);
  });

// ---------------------------------------------------------------------------------------------------------------
// The reference: a bare socket.io server in a child process

const REFERENCE_SERVER = `
const { createServer } = require('node:http');
const { Server } = require('socket.io');
const http = createServer();
const server = new Server(http, { transports: ['websocket'] });
server.of('/alarms').on('connection', (socket) => socket.emit('ready', {}));
process.on('message', (message) => {
  if (message.type === 'emit') server.of('/alarms').emit('alarm', message.alarm);
  if (message.type === 'stop') { server.close(); process.exit(0); }
});
http.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: http.address().port }));
`;

const referencePhase = async (operatorCount: number, messageSize: number): Promise<PhaseResult> => {
  const child: ChildProcess = spawn(process.execPath, ['-e', REFERENCE_SERVER], {
    cwd: process.cwd(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.on('message', (message: { type: string; port: number }) => {
      if (message.type === 'listening') {
        resolve(message.port);
      }
    }),
  );
  const listeners = new Set<(definition: number, alarmKey: string, operator: number, receivedAt: number) => void>();
  const operators = await connectOperators(
    `http://127.0.0.1:${port}/alarms`,
    {},
    operatorCount,
    (operator, message, receivedAt) => {
      const { definition, key } = message as { definition: number; key: string };
      for (const listener of listeners) {
        listener(definition, key, operator, receivedAt);
      }
    },
    'alarm',
  );
  const filler = 'x'.repeat(Math.max(0, messageSize - 60));
  try {
    return await runPhase(
      `reference, ${operatorCount} sockets`,
      operatorCount,
      cpuMeterOf({ server: child.pid }),
      (definition, sequence) =>
        child.send({ type: 'emit', alarm: { definition, key: `reference-${sequence}`, filler } }),
      (handler) => {
        listeners.add(handler);
        return () => listeners.delete(handler);
      },
    );
  } finally {
    operators.close();
    child.send({ type: 'stop' });
  }
};

// ---------------------------------------------------------------------------------------------------------------

const main = async (): Promise<void> => {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new Error('BENCH_DATABASE_URL or REDIS_URL is not set: run the benchmark with `npm run bench -- alarms`');
  }
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'warn', QUEUE_PREFIX: PREFIX };
  const apps: AppProcess[] = [];
  try {
    const api = await startApp({
      app: 'api',
      portVariable: 'PORT',
      env: {
        ...env,
        REDIS_KEY_PREFIX: PREFIX,
        VIGIL_OWNER_PASSWORD: OWNER_PASSWORD,
        AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      },
      progress,
    });
    apps.push(api);
    const ruleEngine = await startApp({ app: 'rule-engine', portVariable: 'HEALTH_PORT', env, progress });
    apps.push(ruleEngine);
    const cpu = cpuMeterOf({ api: api.child.pid, ruleEngine: ruleEngine.child.pid });
    const site = await setUp(api);

    // The whole path once before measuring: the engine has compiled the definitions when this alarm arrives.
    const probe = await connectOperators(`${api.baseUrl}/alarms`, { token: site.token }, 1, () => undefined, 'alarms');
    const arrived = new Promise<number>((resolve) => probe.sockets[0]?.once('alarms', () => resolve(Date.now())));
    const tcp = await openTcp(site.tcpPort);
    tcp.write(`${definitionName(0)} #0\r\n`);
    await arrived;
    tcp.destroy();
    probe.close();

    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    const operators = await vigilPhase(api, site, SIZES.operators, cpu);
    let metrics: Record<string, number> = {
      ...phaseMetrics('', operators),
      ...(await stageBreakdown(pool, '', operators.firstArrivals)),
    };
    if (!SIZES.onlyOperators) {
      const fanout = await vigilPhase(api, site, SIZES.fanoutOperators, cpu);
      const messageSize = 400; // about the size of an AlarmRaised message
      const reference = await referencePhase(SIZES.operators, messageSize);
      const referenceFanout = await referencePhase(SIZES.fanoutOperators, messageSize);
      metrics = {
        ...metrics,
        ...phaseMetrics('fanout1000_', fanout),
        ...(await stageBreakdown(pool, 'fanout1000_', fanout.firstArrivals)),
        ref_latency_p99_ms: round(percentile(reference.latencies, 99)),
        ref_cpu_pct_server: reference.cpuPct['server'] ?? 0,
        ref_undelivered: reference.expected - reference.delivered,
        ref_fanout1000_latency_p99_ms: round(percentile(referenceFanout.latencies, 99)),
        ref_fanout1000_undelivered: referenceFanout.expected - referenceFanout.delivered,
      };
    }
    await pool.end();
    const report: BenchReport = {
      benchmark: BENCHMARK,
      recordedAt: new Date().toISOString(),
      machine: machineInfo('see the generic-events benchmark', {}),
      parameters: {
        ...SIZES,
        onlyOperators: String(SIZES.onlyOperators),
        operatorSessions: 'one operator session for all sockets (the Owner: sees every alarm)',
        reference: 'bare socket.io server in a child process, same message size, rate and sockets',
      },
      metrics,
      targets: {},
      targetsAtMost: TARGETS_AT_MOST,
      meetsTargets: checkTargets(metrics, {}, TARGETS_AT_MOST),
    };
    printReport(report, writeReport(report));
  } finally {
    for (const app of apps.reverse()) {
      await app.stop();
    }
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
