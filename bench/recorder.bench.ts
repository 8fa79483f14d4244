/**
 * How many simulated 1080p cameras one recorder worker records by stream copy, through the real apps: the API (to
 * add the cameras over ONVIF and assign them) and the recorder worker, both started as child processes on the
 * benchmark's fresh database, and the camera simulator (libs/media/src/simulator: one GStreamer RTSP server serving
 * a pre-encoded H.264 loop to every camera, so that the cameras cost little CPU) in this process. Run it with
 * `npm run bench -- recorder`; it writes bench/results/recorder.json.
 *
 * The ramp: for each number of streams N (BENCH_RECORDER_STREAMS, default 8,16,32,64,96), the first N cameras are
 * assigned to the worker's recorder id and a fresh worker is started (as in production: it also follows every
 * camera's ONVIF events); once every stream is received, the worker's CPU is measured over a fixed window as its
 * process tree's (the node process plus its ffmpeg children, from /proc utime + stime), separately from the
 * simulator's. Once the pre-buffers hold their 3 s, StartRecording jobs go through the worker's real BullMQ queue
 * (typed payloads of libs/domain/src/jobs), one camera every 100 ms, each timed from its enqueue to its
 * RecordingStarted stored (the worker appends it after it wrote the pre-buffer's segments into the recording, so
 * this covers the first segment written); then StopRecording, and from each finished recording, the pre-buffer
 * shortfall: how far after
 * trigger − pre-buffer its first frame is (the first segment's wall-clock start in the recording's index, the
 * segment checked with ffprobe to start with a keyframe). The ramp stops after the first N above 80 % of one core
 * (BENCH_RECORDER_FULL_RAMP=1 goes on).
 *
 * The reference, in the same run, before the ramp: BENCH_RECORDER_REFERENCE_STREAMS bare
 * `ffmpeg -rtsp_transport tcp -i rtsp://… -c copy -f null -`, one per stream, on the same simulator: what pulling the
 * streams costs with no segmenting, no files and no node; and the simulator's own CPU per stream served.
 *
 * The other settings: BENCH_RECORDER_WIDTH / _HEIGHT / _FPS (1920x1080 at 25 fps, an IDR every second),
 * BENCH_RECORDER_WARMUP_MS, BENCH_RECORDER_MEASURE_MS, BENCH_RECORDER_TRIGGERS (start jobs per step),
 * BENCH_RECORDER_PRE_BUFFER_DIR (default a directory in /dev/shm: the cameras' default "Memory" pre-buffer) and
 * BENCH_RECORDER_NODE_ARGS (options for the worker's node, e.g. `--prof`).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { recorderQueueName, recordingStream, type RecorderJobData, type RecordingStopped } from '@vigil/domain';
import { CameraFleet, readRecordingIndex } from '@vigil/media';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { createBullMqConnection } from '../libs/infrastructure/src/queues/bullmq-connection';
import { callApi, sleep, startApp, type AppProcess } from './app-process';
import {
  checkTargets,
  machineInfo,
  percentile,
  printReport,
  round,
  writeReport,
  type BenchReport,
  postgresInfo,
} from './bench-report';
import { descendantsOf, processCommandLine, processCpuSeconds, treeCpu, treeUsageBetween } from './process-cpu';

const BENCHMARK = 'recorder';
const ROOT = resolve(__dirname, '..', '..');

const numberOf = (variable: string, fallback: number): number => {
  const value = Number(process.env[variable] ?? fallback);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${variable} must be a number >= 0, not ${process.env[variable] ?? ''}`);
  }
  return value;
};

const streamSteps = (): number[] => {
  const steps = (process.env.BENCH_RECORDER_STREAMS ?? '8,16,32,64,96').split(',').map(Number);
  if (steps.length === 0 || steps.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error('BENCH_RECORDER_STREAMS must be a list of whole numbers >= 1, e.g. 8,16,32,64,96');
  }
  return [...new Set(steps)].sort((a, b) => a - b);
};

const SIZES = {
  width: numberOf('BENCH_RECORDER_WIDTH', 1920),
  height: numberOf('BENCH_RECORDER_HEIGHT', 1080),
  fps: numberOf('BENCH_RECORDER_FPS', 25),
  /** The reference's warm-up; a step's is the time its streams take to fill their pre-buffers. */
  warmupMs: numberOf('BENCH_RECORDER_WARMUP_MS', 2_000),
  measureMs: numberOf('BENCH_RECORDER_MEASURE_MS', 6_000),
  /** StartRecording jobs per step, on cameras spread over the step's N, one every `triggerSpacingMs`. */
  triggers: numberOf('BENCH_RECORDER_TRIGGERS', 16),
  triggerSpacingMs: 100,
  /** The cameras' default (FEATURES 6.1.6), and what the jobs ask for. */
  preBufferSeconds: 3,
  referenceStreams: numberOf('BENCH_RECORDER_REFERENCE_STREAMS', 16),
  /** The worker tree's CPU a step may use, in % of one core, to count as recorded "under 80 % of a core". */
  cpuLimitPct: 80,
  /** How long a step waits for every stream to fill its pre-buffer, and for the recordings to start and stop. */
  streamsTimeoutMs: 60_000,
  recordingsTimeoutMs: 30_000,
  /** Cameras added over ONVIF at once during the set-up. */
  setupConcurrency: 8,
} as const;

const TARGETS = { max_streams_under_80pct_core: 64 };
/**
 * 80 % of a core over the 64 streams; a start stored within a second (the ring keeps 5 s more than the pre-buffer
 * for jobs that arrive late, but a second is what an operator notices); a first frame at most one GOP (1 s, the
 * simulator's IDR interval) after trigger − pre-buffer.
 */
const TARGETS_AT_MOST = {
  cpu_pct_per_stream: 80 / 64,
  trigger_to_recording_ms_p99: 1_000,
  prebuffer_shortfall_ms_max: 1_000,
};

const OWNER_PASSWORD = 'Bench-Passw0rd!';
const CREDENTIALS = { username: 'admin', password: 'Bench-Cam3ra' };
/** The API encrypts the cameras' passwords with it, the worker decrypts them. */
const SECRETS_KEY = randomBytes(48).toString('base64url');
const PREFIX = 'vigil_bench_recorder';
const RECORDER_ID = 'bench-recorder';
const startedAt = performance.now();
/** Lines stamped with the seconds since the start: the whole run should stay within about 3 minutes. */
const progress = (line: string): void =>
  console.log(`[${BENCHMARK} +${Math.round((performance.now() - startedAt) / 1_000)} s] ${line}`);

type Paths = Readonly<{ recordings: string; preBuffers: string }>;

// ---------------------------------------------------------------------------------------------------------------
// Set-up: the simulator, the API, the cameras

/** The simulator's GStreamer RTSP server: the python3 child of this process that runs its script. */
const simulatorPid = (): number => {
  const pid = descendantsOf(process.pid).find((each) => processCommandLine(each).includes('vigil-gst-rtsp-server'));
  if (pid === undefined) {
    throw new Error('the simulator RTSP server process was not found');
  }
  return pid;
};

const addCameras = async (api: AppProcess, token: string, fleet: CameraFleet): Promise<string[]> => {
  const ids: string[] = new Array<string>(fleet.cameras.length);
  let next = 0;
  const adder = async (): Promise<void> => {
    for (let index = next++; index < fleet.cameras.length; index = next++) {
      const camera = fleet.cameras[index];
      const { cameraId } = await callApi<{ cameraId: string }>(api.baseUrl, 'POST', '/api/cameras', token, {
        address: `127.0.0.1:${camera?.port ?? 0}`,
        name: camera?.name,
        ...CREDENTIALS,
      });
      ids[index] = cameraId;
    }
  };
  await Promise.all(Array.from({ length: SIZES.setupConcurrency }, adder));
  return ids;
};

// ---------------------------------------------------------------------------------------------------------------
// Waiting on the real thing: segments in the pre-buffers, events in the store

const until = async <T>(check: () => Promise<T | undefined> | T | undefined, what: string, ms: number): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms / 1_000} s waiting for ${what}`);
    }
    await sleep(100);
  }
};

/** Segments a camera's pre-buffer ring holds now, and when the newest one was finished (0 when none). */
const ringOf = (paths: Paths, cameraId: string): { segments: number; newestAt: number } => {
  const directory = join(paths.preBuffers, cameraId);
  let segments = 0;
  let newestAt = 0;
  for (const name of existsSync(directory) ? readdirSync(directory) : []) {
    if (!name.endsWith('.ts')) {
      continue;
    }
    try {
      newestAt = Math.max(newestAt, statSync(join(directory, name)).mtimeMs);
      segments += 1;
    } catch {
      // deleted by the ring meanwhile
    }
  }
  return { segments, newestAt };
};

/** A camera is received when its ring finished a segment within the last two GOPs (of 1 s). */
const receivingCount = (paths: Paths, cameraIds: readonly string[]): number =>
  cameraIds.filter((cameraId) => ringOf(paths, cameraId).newestAt > Date.now() - 2_000).length;

type StoredRecordingEvent = Readonly<{ type: string; data: Record<string, unknown>; recordedAt: number }>;

const recordingEvents = async (pool: Pool, cameraIds: readonly string[]): Promise<StoredRecordingEvent[]> => {
  const { rows } = await pool.query<{ type: string; data: Record<string, unknown>; recorded_at: Date }>(
    `SELECT type, data, recorded_at FROM event_store.events
     WHERE stream_id = ANY($1::text[]) AND type IN ('RecordingStarted', 'RecordingStopped')`,
    [cameraIds.map(recordingStream)],
  );
  return rows.map((row) => ({ type: row.type, data: row.data, recordedAt: row.recorded_at.getTime() }));
};

// ---------------------------------------------------------------------------------------------------------------
// The reference: bare ffmpeg stream copies

/** Resolves once ffmpeg wrote its first progress report: its output has started, so the stream is being pulled. */
const bareCopy = (url: string): Promise<ChildProcess> =>
  new Promise((done, fail) => {
    const child = spawn(
      'ffmpeg',
      [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url],
        ...['-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-stats_period', '60', '-'],
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the reference ffmpeg did not stream within ${SIZES.streamsTimeoutMs / 1_000} s`));
    }, SIZES.streamsTimeoutMs);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('progress=')) {
        clearTimeout(timer);
        lines.close();
        child.stdout.resume(); // the next reports, a minute apart, are not read
        done(child);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(new Error(`could not run ffmpeg: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the reference ffmpeg exited (${String(code)}) before streaming`));
    });
  });

type Reference = Readonly<{ streams: number; ffmpegCpuPct: number; simulatorCpuPct: number }>;

const measureReference = async (fleet: CameraFleet, streams: number): Promise<Reference> => {
  const urls = fleet.cameras.slice(0, streams).map((camera) => {
    const url = new URL(camera.rtspUri);
    url.username = CREDENTIALS.username;
    url.password = CREDENTIALS.password;
    return url.toString();
  });
  progress(`reference: ${urls.length} bare ffmpeg stream copies (-f null)`);
  const children: ChildProcess[] = [];
  try {
    const started = await Promise.allSettled(urls.map(bareCopy));
    for (const each of started) {
      if (each.status === 'fulfilled') {
        children.push(each.value);
      }
    }
    const failed = started.find((each) => each.status === 'rejected');
    if (failed !== undefined) {
      throw failed.reason;
    }
    await sleep(SIZES.warmupMs);
    const pids = children.map((child) => child.pid ?? 0);
    const simulator = simulatorPid();
    const cpuOf = (): number => pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
    const [windowStart, ffmpegBefore, simulatorBefore] = [performance.now(), cpuOf(), processCpuSeconds(simulator)];
    await sleep(SIZES.measureMs);
    const seconds = (performance.now() - windowStart) / 1_000;
    return {
      streams: urls.length,
      ffmpegCpuPct: ((cpuOf() - ffmpegBefore) * 100) / seconds,
      simulatorCpuPct: ((processCpuSeconds(simulator) - simulatorBefore) * 100) / seconds,
    };
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              done();
              return;
            }
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      ),
    );
  }
};

// ---------------------------------------------------------------------------------------------------------------
// One step of the ramp

type Triggered = Readonly<{ cameraId: string; sessionId: string; triggeredAt: number; enqueuedAt: number }>;

type StepResult = Readonly<{
  streams: number;
  receiving: number;
  workerCpuPct: number;
  workerNodeCpuPct: number;
  ffmpegCpuPct: number;
  ffmpegRestarts: number;
  simulatorCpuPct: number;
  apiCpuPct: number;
  benchCpuPct: number;
  /** Job enqueued → RecordingStarted stored, per trigger. */
  startLatenciesMs: number[];
  /** First recorded frame − (trigger − pre-buffer), per finished recording. */
  shortfallsMs: number[];
  firstSegmentsWithoutKeyframe: number;
  recordingsWithoutMedia: number;
  error?: string;
}>;

/** A step that could not be measured: no figures, only why. */
const failedStep = (streams: number, error: string): StepResult => ({
  streams,
  receiving: 0,
  workerCpuPct: Number.NaN,
  workerNodeCpuPct: Number.NaN,
  ffmpegCpuPct: Number.NaN,
  ffmpegRestarts: 0,
  simulatorCpuPct: Number.NaN,
  apiCpuPct: Number.NaN,
  benchCpuPct: Number.NaN,
  startLatenciesMs: [],
  shortfallsMs: [],
  firstSegmentsWithoutKeyframe: 0,
  recordingsWithoutMedia: 0,
  error,
});

const startWorker = (databaseUrl: string, redisUrl: string, paths: Paths): Promise<AppProcess> =>
  startApp({
    app: 'recorder-worker',
    portVariable: 'HEALTH_PORT',
    nodeArgs: (process.env.BENCH_RECORDER_NODE_ARGS ?? '').split(' ').filter((arg) => arg.length > 0),
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: PREFIX,
      RECORDER_ID,
      LOG_LEVEL: 'warn',
      RECORDINGS_DIR: paths.recordings,
      PRE_BUFFER_DIR: paths.preBuffers,
      VIGIL_SECRETS_KEY: SECRETS_KEY,
    },
    progress,
  });

/** Whether the first packet of a segment is a keyframe (ffprobe): a recording must start on one to be playable. */
const startsWithKeyframe = (file: string): Promise<boolean> =>
  new Promise((done) => {
    execFile(
      'ffprobe',
      [
        ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags'],
        ...['-read_intervals', '%+#1', '-of', 'csv=p=0', file],
      ],
      (error, stdout) => done(error === null && (stdout.split('\n')[0] ?? '').includes('K')),
    );
  });

/** Starts recordings on `count` cameras spread over the step, one job every few ms, then stops them. */
const triggerRecordings = async (
  queue: Queue,
  pool: Pool,
  paths: Paths,
  cameraIds: readonly string[],
): Promise<
  Pick<StepResult, 'startLatenciesMs' | 'shortfallsMs' | 'firstSegmentsWithoutKeyframe' | 'recordingsWithoutMedia'>
> => {
  const count = Math.min(SIZES.triggers, cameraIds.length);
  const stride = cameraIds.length / Math.max(1, count);
  const triggered: Triggered[] = [];
  for (let n = 0; n < count; n += 1) {
    const cameraId = cameraIds[Math.floor(n * stride)] ?? '';
    const sessionId = randomUUID();
    const triggeredAt = Date.now();
    const data: RecorderJobData<'StartRecording'> = {
      deviceId: cameraId,
      ruleId: 'bench-rule',
      causationId: randomUUID(),
      correlationId: randomUUID(),
      triggeredAt,
      sessionId,
      preBufferSeconds: SIZES.preBufferSeconds,
    };
    const enqueuedAt = Date.now();
    await queue.add('StartRecording', data, { jobId: `start-${sessionId}` });
    triggered.push({ cameraId, sessionId, triggeredAt, enqueuedAt });
    await sleep(SIZES.triggerSpacingMs);
  }
  const triggeredCameras = triggered.map((each) => each.cameraId);
  const startedBySession = (events: readonly StoredRecordingEvent[]): Map<string, StoredRecordingEvent> => {
    const started = new Map<string, StoredRecordingEvent>();
    for (const event of events.filter((each) => each.type === 'RecordingStarted')) {
      for (const sessionId of event.data.sessionIds as string[]) {
        started.set(sessionId, event);
      }
    }
    return started;
  };
  const started = await until(
    async () => {
      const bySession = startedBySession(await recordingEvents(pool, triggeredCameras));
      return triggered.every((each) => bySession.has(each.sessionId)) ? bySession : undefined;
    },
    `RecordingStarted of ${count} StartRecording jobs`,
    SIZES.recordingsTimeoutMs,
  );
  for (const each of triggered) {
    const data: RecorderJobData<'StopRecording'> = {
      deviceId: each.cameraId,
      ruleId: 'bench-rule',
      causationId: randomUUID(),
      correlationId: randomUUID(),
      triggeredAt: Date.now(),
      sessionId: each.sessionId,
    };
    await queue.add('StopRecording', data, { jobId: `stop-${each.sessionId}` });
  }
  const recordingIds = new Set([...started.values()].map((event) => event.data.recordingId as string));
  const stopped = await until(
    async () => {
      const events = (await recordingEvents(pool, triggeredCameras)).filter(
        (event) => event.type === 'RecordingStopped' && recordingIds.has(event.data.recordingId as string),
      );
      return events.length === recordingIds.size ? events : undefined;
    },
    `RecordingStopped of ${recordingIds.size} recordings`,
    SIZES.recordingsTimeoutMs,
  );
  const startLatenciesMs = triggered.map(
    (each) => (started.get(each.sessionId)?.recordedAt ?? Number.NaN) - each.enqueuedAt,
  );
  const shortfallsMs: number[] = [];
  let firstSegmentsWithoutKeyframe = 0;
  let recordingsWithoutMedia = 0;
  const firstSegments = stopped.map((event) => {
    const data = event.data as RecordingStopped['data'];
    return { from: data.from, first: readRecordingIndex(join(paths.recordings, data.cameraId, data.recordingId))[0] };
  });
  const keyframeChecks: Promise<boolean>[] = [];
  for (const { from, first } of firstSegments) {
    if (first === undefined) {
      recordingsWithoutMedia += 1;
      continue;
    }
    keyframeChecks.push(startsWithKeyframe(first.file));
    shortfallsMs.push(first.start - from);
  }
  firstSegmentsWithoutKeyframe = (await Promise.all(keyframeChecks)).filter((keyframe) => !keyframe).length;
  return { startLatenciesMs, shortfallsMs, firstSegmentsWithoutKeyframe, recordingsWithoutMedia };
};

const runStep = async (
  context: Readonly<{ databaseUrl: string; redisUrl: string; pool: Pool; queue: Queue; paths: Paths; api: AppProcess }>,
  cameraIds: readonly string[],
): Promise<StepResult> => {
  const { paths, api } = context;
  const streams = cameraIds.length;
  rmSync(paths.preBuffers, { recursive: true, force: true }); // the previous step's rings: counted afresh
  const worker = await startWorker(context.databaseUrl, context.redisUrl, paths);
  try {
    const workerPid = worker.child.pid ?? 0;
    // Every ffmpeg has connected, probed and cut two segments (the first is discarded): that is the warm-up. The
    // window then runs while the pre-buffers fill.
    const segmentsHeld = (segments: number, what: string): Promise<boolean> =>
      until(
        () => (cameraIds.every((cameraId) => ringOf(paths, cameraId).segments >= segments) ? true : undefined),
        `${streams} streams with ${segments} segments ${what}`,
        SIZES.streamsTimeoutMs,
      );
    await segmentsHeld(2, 'received');
    const simulator = simulatorPid();
    const apiPid = api.child.pid ?? 0;
    const before = {
      worker: treeCpu(workerPid),
      simulator: processCpuSeconds(simulator),
      api: processCpuSeconds(apiPid),
      bench: process.cpuUsage(),
    };
    await sleep(SIZES.measureMs);
    const worker1 = treeCpu(workerPid);
    const seconds = (worker1.at - before.worker.at) / 1_000;
    const pct = (cpuSeconds: number): number => (cpuSeconds * 100) / seconds;
    const usage = treeUsageBetween(before.worker, worker1);
    const bench = process.cpuUsage(before.bench);
    const receiving = receivingCount(paths, cameraIds);
    const measured = {
      streams,
      receiving,
      workerCpuPct: usage.rootPct + usage.descendantsPct,
      workerNodeCpuPct: usage.rootPct,
      ffmpegCpuPct: usage.descendantsPct,
      ffmpegRestarts: usage.started,
      simulatorCpuPct: pct(processCpuSeconds(simulator) - before.simulator),
      apiCpuPct: pct(processCpuSeconds(apiPid) - before.api),
      benchCpuPct: pct((bench.user + bench.system) / 1e6),
    };
    progress(
      `${streams} streams (${receiving} receiving): worker ${round(measured.workerCpuPct)} % of a core ` +
        `(node ${round(measured.workerNodeCpuPct)} %, ffmpeg ${round(measured.ffmpegCpuPct)} %), ` +
        `simulator ${round(measured.simulatorCpuPct)} %`,
    );
    try {
      // the pre-buffer, and the segment being cut (which a recording gets when it is finished)
      await segmentsHeld(SIZES.preBufferSeconds + 1, 'in their pre-buffer');
      const recordings = await triggerRecordings(context.queue, context.pool, paths, cameraIds);
      progress(
        `${streams} streams: ${recordings.startLatenciesMs.length} recordings, start p99 ` +
          `${round(percentile(recordings.startLatenciesMs, 99))} ms, shortfall max ` +
          `${round(Math.max(...recordings.shortfallsMs))} ms`,
      );
      return { ...measured, ...recordings };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      progress(`${streams} streams: ${message}`);
      return {
        ...measured,
        startLatenciesMs: [],
        shortfallsMs: [],
        firstSegmentsWithoutKeyframe: 0,
        recordingsWithoutMedia: 0,
        error: message,
      };
    }
  } finally {
    await worker.stop();
  }
};

// ---------------------------------------------------------------------------------------------------------------

/** A step counts when every stream was received, its recordings went through and its worker stayed under the limit. */
const withinLimit = (step: StepResult): boolean =>
  step.error === undefined && step.receiving === step.streams && step.workerCpuPct <= SIZES.cpuLimitPct;

const report = (
  steps: readonly StepResult[],
  reference: Reference,
  postgres: Awaited<ReturnType<typeof postgresInfo>>,
): void => {
  const under = steps.filter(withinLimit);
  // The per-stream figure of the largest step under the limit (its fixed costs spread the most), else the smallest.
  const decisive = under.at(-1) ?? steps[0];
  const cpuPerStream = decisive === undefined ? 0 : decisive.workerCpuPct / decisive.streams;
  const latencies = steps.flatMap((step) => step.startLatenciesMs);
  const shortfalls = steps.flatMap((step) => step.shortfallsMs);
  const refPerStream = reference.ffmpegCpuPct / Math.max(1, reference.streams);
  const metrics = {
    max_streams_under_80pct_core: under.at(-1)?.streams ?? 0,
    cpu_pct_per_stream: round(cpuPerStream),
    trigger_to_recording_ms_p99: round(percentile(latencies, 99)),
    trigger_to_recording_ms_p50: round(percentile(latencies, 50)),
    prebuffer_shortfall_ms_max: round(shortfalls.length > 0 ? Math.max(...shortfalls) : Number.NaN),
    streams_at_80pct_core_extrapolated: cpuPerStream > 0 ? Math.floor(SIZES.cpuLimitPct / cpuPerStream) : 0,
    ref_ffmpeg_copy_cpu_pct_per_stream: round(refPerStream),
    ref_simulator_cpu_pct_per_stream: round(reference.simulatorCpuPct / Math.max(1, reference.streams)),
    cpu_per_stream_vs_ref_ffmpeg: round(refPerStream > 0 ? cpuPerStream / refPerStream : 0),
  };
  const result: BenchReport & { diagnostics: Record<string, unknown> } = {
    benchmark: BENCHMARK,
    recordedAt: new Date().toISOString(),
    machine: machineInfo(postgres.version, postgres.settings),
    parameters: { ...SIZES, streamSteps: steps.map((step) => step.streams).join(',') },
    metrics,
    targets: TARGETS,
    targetsAtMost: TARGETS_AT_MOST,
    meetsTargets: checkTargets(metrics, TARGETS, TARGETS_AT_MOST),
    diagnostics: {
      note:
        'CPU in % of one core over the measured window; the worker is its node process plus its ffmpeg children. ' +
        'Absolute figures depend on what else runs on the machine (see machine.loadAverage).',
      reference,
      steps: steps.map((step) => ({
        streams: step.streams,
        receiving: step.receiving,
        workerCpuPct: round(step.workerCpuPct),
        workerNodeCpuPct: round(step.workerNodeCpuPct),
        ffmpegCpuPct: round(step.ffmpegCpuPct),
        ffmpegCpuPctPerStream: round(step.ffmpegCpuPct / step.streams),
        nodeCpuPctPerStream: round(step.workerNodeCpuPct / step.streams),
        ffmpegRestartsInWindow: step.ffmpegRestarts,
        simulatorCpuPct: round(step.simulatorCpuPct),
        apiCpuPct: round(step.apiCpuPct),
        benchCpuPct: round(step.benchCpuPct),
        recordings: step.startLatenciesMs.length,
        triggerToRecordingMsP50: round(percentile(step.startLatenciesMs, 50)),
        triggerToRecordingMsMax: round(percentile(step.startLatenciesMs, 100)),
        prebufferShortfallMsMax: round(step.shortfallsMs.length > 0 ? Math.max(...step.shortfallsMs) : Number.NaN),
        prebufferShortfallMsMin: round(step.shortfallsMs.length > 0 ? Math.min(...step.shortfallsMs) : Number.NaN),
        firstSegmentsWithoutKeyframe: step.firstSegmentsWithoutKeyframe,
        recordingsWithoutMedia: step.recordingsWithoutMedia,
        withinLimit: withinLimit(step),
        ...(step.error === undefined ? {} : { error: step.error }),
      })),
    },
  };
  const file = writeReport(result);
  printReport(result, file);
  console.log(`diagnostics: ${JSON.stringify(result.diagnostics, null, 2)}`);
};

const run = async (databaseUrl: string, redisUrl: string, pool: Pool, stack: (stop: () => Promise<void>) => void) => {
  const steps = streamSteps();
  const cameras = steps.at(-1) ?? 0;
  const postgres = await postgresInfo(pool);
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const paths: Paths = {
    recordings: mkdtempSync(join(tmpdir(), 'vigil-bench-recordings-')),
    preBuffers: process.env.BENCH_RECORDER_PRE_BUFFER_DIR ?? join(base, `vigil-bench-prebuffer-${process.pid}`),
  };
  mkdirSync(paths.preBuffers, { recursive: true });
  stack(() => {
    rmSync(paths.recordings, { recursive: true, force: true });
    rmSync(paths.preBuffers, { recursive: true, force: true });
    return Promise.resolve();
  });

  progress(`${cameras} simulated cameras, ${SIZES.width}x${SIZES.height} at ${SIZES.fps} fps`);
  const fleet = await CameraFleet.start({
    count: cameras,
    width: SIZES.width,
    height: SIZES.height,
    fps: SIZES.fps,
    cacheDir: join(ROOT, '.data', 'media'),
    credentials: CREDENTIALS,
  });
  stack(() => fleet.close());
  const api = await startApp({
    app: 'api',
    portVariable: 'PORT',
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: PREFIX,
      VIGIL_OWNER_PASSWORD: OWNER_PASSWORD,
      VIGIL_SECRETS_KEY: SECRETS_KEY,
      LOG_LEVEL: 'warn',
    },
    progress,
  });
  stack(() => api.stop());
  const { accessToken } = await callApi<{ accessToken: string }>(api.baseUrl, 'POST', '/api/auth/login', undefined, {
    userName: 'owner',
    password: OWNER_PASSWORD,
  });
  const cameraIds = await addCameras(api, accessToken, fleet);
  progress(`${cameraIds.length} cameras added over ONVIF`);

  const reference = await measureReference(fleet, Math.min(SIZES.referenceStreams, cameras));

  const connection = createBullMqConnection(redisUrl);
  const queue = new Queue(recorderQueueName(RECORDER_ID), { connection, prefix: PREFIX });
  stack(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  });
  const results: StepResult[] = [];
  let assigned = 0;
  for (const streams of steps) {
    for (; assigned < streams; assigned += 1) {
      await callApi(api.baseUrl, 'PUT', `/api/cameras/${cameraIds[assigned] ?? ''}/recorder`, accessToken, {
        recorderId: RECORDER_ID,
      });
    }
    progress(`step: ${streams} streams`);
    const stepCameras = cameraIds.slice(0, streams);
    // A step whose streams never all arrive (the machine cannot keep up) is a finding: it ends the ramp, reported.
    const step = await runStep({ databaseUrl, redisUrl, pool, queue, paths, api }, stepCameras).catch(
      (error: unknown): StepResult => {
        const message = error instanceof Error ? error.message : String(error);
        progress(`${streams} streams: ${message}`);
        return { ...failedStep(streams, message), receiving: receivingCount(paths, stepCameras) };
      },
    );
    results.push(step);
    if (!withinLimit(step) && process.env.BENCH_RECORDER_FULL_RAMP !== '1') {
      progress(`${streams} streams are past the limit: the ramp stops here`);
      break;
    }
  }
  report(results, reference, postgres);
};

const main = async (): Promise<void> => {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new Error(
      'BENCH_DATABASE_URL or REDIS_URL is not set: run the benchmark with `npm run bench -- ' + BENCHMARK,
    );
  }
  const pool = new Pool({ connectionString: databaseUrl, max: 2, application_name: 'bench-recorder' });
  // What was started, stopped in reverse order whatever happens.
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (let stop = stops.pop(); stop !== undefined; stop = stops.pop()) {
      await stop().catch((error: unknown) => progress(`stopping: ${String(error)}`));
    }
    await pool.end();
  };
  const interrupted = (signal: NodeJS.Signals): void => {
    progress(`${signal}: stopping`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await run(databaseUrl, redisUrl, pool, (stop) => stops.push(stop));
  } finally {
    await stopAll();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
