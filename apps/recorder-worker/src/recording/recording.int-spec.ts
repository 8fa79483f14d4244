// The recording core against a real simulated camera, real ffmpeg, PostgreSQL and Redis: jobs in through BullMQ,
// events out in the event store, media on disk. Waits on signals (events, files, job completion), never on time.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  communicationStream,
  recorderQueueName,
  recordingStream,
  type RecordingGapDetected,
  type RecordingStarted,
  type RecordingStopped,
  type StoredEvent,
} from '@vigil/domain';
import { createBullMqConnection, PostgresEventStore, startJobWorker, type JobWorker } from '@vigil/infrastructure';
import { CameraFleet, exportMp4, readRecordingIndex } from '@vigil/media';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { CameraControlDirectory } from '../ptz/camera-control.directory';
import { OutputsService } from '../ptz/outputs.service';
import { PtzService } from '../ptz/ptz.service';
import { RecorderJobProcessor } from '../jobs/recorder-job.processor';
import { RecordingService } from './recording.service';
import { fixedCameras } from './recorder-cameras.port';

const CACHE_DIR = join(__dirname, '../../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 'p4ss' };
const RECORDER_ID = 'recording-spec';
const GOP_MS = 1_000; // the simulator's stream: an IDR every second
const SLACK_MS = 250; // arrival jitter of a keyframe

type Probe = { streams: { codec_name: string; width: number; height: number; nb_read_packets?: string }[] };
const ffprobe = (file: string, ...args: string[]): Probe =>
  JSON.parse(
    spawnSync('ffprobe', ['-v', 'error', ...args, '-show_streams', '-of', 'json', file], { encoding: 'utf8' }).stdout,
  ) as Probe;
const packetsOf = (file: string): number =>
  Number(ffprobe(file, '-count_packets', '-select_streams', 'v').streams[0]?.nb_read_packets ?? 0);

describe('recorder worker: recording core', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let fleet: CameraFleet;
  let storage: string;
  let recordings: RecordingService;
  let worker: JobWorker;
  let queue: Queue;
  let queueEvents: QueueEvents;
  let connections: ReturnType<typeof createBullMqConnection>[] = [];
  const prefix = `t${randomUUID().replace(/-/g, '')}`;
  const queueName = recorderQueueName(RECORDER_ID);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

  const cameraId = (n: number): string => `cam-${n}-${prefix}`;

  const eventsOf = async (stream: string): Promise<StoredEvent[]> => readAllOf(store.readStream(stream));

  const waitForEvent = async <E extends { type: string; data: object }>(
    stream: string,
    type: E['type'],
    matches: (data: E['data']) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<E['data']> =>
    await eventually(
      async () =>
        (await eventsOf(stream)).find((event) => event.type === type && matches(event.data as E['data']))?.data,
      `${type} on ${stream}`,
      timeoutMs,
    );

  /** Adds a job and waits until it completed (or failed: the error is thrown). */
  const run = async (name: string, data: object, options: JobsOptions = {}): Promise<void> => {
    const job = await queue.add(name, data, options);
    await job.waitUntilFinished(queueEvents, 60_000);
  };

  const context = (n: number, triggeredAt = Date.now()) => ({
    deviceId: cameraId(n),
    ruleId: 'rule-1',
    causationId: randomUUID(),
    correlationId: randomUUID(),
    triggeredAt,
  });

  /** Waits until the recording folder holds a segment that ends after `at`. */
  const recordedPast = async (n: number, recordingId: string, at: number): Promise<void> => {
    await eventually(
      () => {
        try {
          return readRecordingIndex(recordings.recordingDirectory(cameraId(n), recordingId)).some((s) => s.end > at);
        } catch {
          return false;
        }
      },
      `camera ${n} recorded past ${at}`,
      30_000,
    );
  };

  const newRecordingService = (): RecordingService =>
    new RecordingService(
      {
        recordingsDirectory: storage,
        preBufferSeconds: 6,
        preBufferLocation: 'memory',
        communicationDebounceSeconds: 1,
        stallSeconds: 4,
      },
      store,
      fixedCameras(
        fleet.cameras.map((camera, index) => ({
          cameraId: cameraId(index + 1),
          rtspUri: camera.rtspUri,
          ...CREDENTIALS,
        })),
      ),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
    fleet = await CameraFleet.start({
      count: 3,
      width: 320,
      height: 180,
      fps: 10,
      loopSeconds: 2,
      cacheDir: CACHE_DIR,
      credentials: CREDENTIALS,
    });
    storage = mkdtempSync(join(tmpdir(), 'vigil-recordings-'));
    recordings = newRecordingService();
    await recordings.open();
    worker = await startJobWorker({
      queue: queueName,
      redisUrl,
      prefix,
      concurrency: 4,
      // the service of the moment; PTZ and outputs drive no camera here
      process: (job) =>
        new RecorderJobProcessor(
          recordings,
          new PtzService(store, new CameraControlDirectory()),
          new OutputsService(new CameraControlDirectory()),
        ).process(job),
    });
    connections = [createBullMqConnection(redisUrl), createBullMqConnection(redisUrl)];
    queue = new Queue(queueName, { connection: connections[0]!, prefix });
    queueEvents = new QueueEvents(queueName, { connection: connections[1]!, prefix });
    await queueEvents.waitUntilReady();
  });

  afterAll(async () => {
    await worker?.close();
    await recordings?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await queueEvents?.close();
    // BullMQ leaves connections it was given open
    await Promise.all(connections.map((connection) => connection.quit()));
    await fleet?.close();
    await store?.close();
    await database?.drop();
    if (storage !== undefined) {
      rmSync(storage, { recursive: true, force: true });
    }
  });

  it('keeps the pre-buffer: a recording started at T with 3 s pre-buffer has its first frame at T − 3 s (+ ≤ one GOP), and exports as H.264 without re-encoding', async () => {
    // given camera 1 streaming with more than 4 s in its pre-buffer
    await waitForEvent(communicationStream(cameraId(1)), 'CommunicationStarted');
    await eventually(() => {
      const since = recordings.recorderOf(cameraId(1))?.bufferedSince;
      return since !== undefined && since < Date.now() - 4_500;
    }, 'a 4.5 s pre-buffer');

    // when a rule starts recording at T with 3 s pre-buffer, then stops it after at least 2 s of recording
    const T = Date.now();
    const sessionId = randomUUID();
    await run('StartRecording', { ...context(1, T), sessionId, preBufferSeconds: 3 });
    const started = await waitForEvent<RecordingStarted>(recordingStream(cameraId(1)), 'RecordingStarted', (data) =>
      data.sessionIds.includes(sessionId),
    );
    expect(started).toMatchObject({ cameraId: cameraId(1), from: T - 3_000, triggeredAt: T });
    await recordedPast(1, started.recordingId, T + 2_000);
    await run('StopRecording', { ...context(1), sessionId });

    // then the recording's first frame is at or before T − 3 s, at most one GOP earlier
    const stopped = await waitForEvent<RecordingStopped>(
      recordingStream(cameraId(1)),
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
    );
    expect(stopped.media).toBeDefined();
    expect(stopped.media!.from).toBeLessThanOrEqual(T - 3_000);
    expect(stopped.media!.from).toBeGreaterThan(T - 3_000 - GOP_MS - SLACK_MS);

    // and its export is one H.264 MP4 holding every recorded frame, copied
    const segments = readRecordingIndex(recordings.recordingDirectory(cameraId(1), started.recordingId));
    expect(segments.length).toBe(stopped.media!.segments);
    const output = join(storage, `${started.recordingId}.mp4`);
    await exportMp4(
      segments.map((segment) => segment.file),
      output,
    );
    const probe = ffprobe(output);
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    const recordedPackets = segments.reduce((sum, segment) => sum + packetsOf(segment.file), 0);
    expect(packetsOf(output)).toBe(recordedPackets);

    // and a range of it plays back as the whole segments overlapping that range
    const range = join(storage, `${started.recordingId}-range.mp4`);
    const span = await recordings.exportRange(cameraId(1), T - 1_000, T + 1_000, range);
    expect(span!.from).toBeLessThanOrEqual(T - 1_000);
    expect(span!.to).toBeGreaterThanOrEqual(T + 1_000);
    expect(span!.segments).toBeLessThan(segments.length);
    const rangeSegments = segments.filter((segment) => segment.end > T - 1_000 && segment.start < T + 1_000);
    expect(packetsOf(range)).toBe(rangeSegments.reduce((sum, segment) => sum + packetsOf(segment.file), 0));
  });

  it('keeps one recording through overlapping sessions until the last stop', async () => {
    // given two rules that start recording camera 1
    const [first, second] = [randomUUID(), randomUUID()];
    await run('StartRecording', { ...context(1), sessionId: first, preBufferSeconds: 0 });
    await run('StartRecording', { ...context(1), sessionId: second, preBufferSeconds: 0 });
    const started = await waitForEvent<RecordingStarted>(recordingStream(cameraId(1)), 'RecordingStarted', (data) =>
      data.sessionIds.includes(first),
    );

    // when the first stops, the recording goes on
    await run('StopRecording', { ...context(1), sessionId: first });
    const afterFirstStop = Date.now();
    await recordedPast(1, started.recordingId, afterFirstStop + 1_000);
    const stream = await eventsOf(recordingStream(cameraId(1)));
    expect(
      stream.filter((event) => (event.data as { recordingId?: string }).recordingId === started.recordingId),
    ).toHaveLength(1);

    // and when the second stops, it ends, holding both sessions and media past the first stop
    await run('StopRecording', { ...context(1), sessionId: second });
    const stopped = await waitForEvent<RecordingStopped>(
      recordingStream(cameraId(1)),
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
    );
    expect(stopped.sessionIds).toEqual([first, second]);
    expect(stopped.media!.to).toBeGreaterThan(afterFirstStop + 1_000);
    expect(
      (await eventsOf(recordingStream(cameraId(1)))).filter((event) => event.type === 'RecordingStarted'),
    ).toHaveLength(2);
  });

  it('stops 3 s after the stop when the rule says so (in the recorded media)', async () => {
    // given a recording of camera 1
    const sessionId = randomUUID();
    await run('StartRecording', { ...context(1), sessionId, preBufferSeconds: 0 });
    const started = await waitForEvent<RecordingStarted>(recordingStream(cameraId(1)), 'RecordingStarted', (data) =>
      data.sessionIds.includes(sessionId),
    );
    await recordedPast(1, started.recordingId, started.at + 1_000);

    // when the stop comes as the rule engine sends "stop recording 3 seconds after": a job delayed by 3 s
    const stopTrigger = Date.now();
    await run('StopRecording', { ...context(1, stopTrigger), sessionId }, { delay: 3_000 });

    // then the recording ends 3 s after the stop's trigger, to the segment holding that instant
    const stopped = await waitForEvent<RecordingStopped>(
      recordingStream(cameraId(1)),
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
    );
    expect(stopped.to).toBeGreaterThanOrEqual(stopTrigger + 3_000);
    expect(stopped.to - (stopTrigger + 3_000)).toBeLessThan(GOP_MS);
    expect(stopped.media!.to).toBeGreaterThanOrEqual(stopped.to);
    expect(stopped.media!.to).toBeLessThan(stopped.to + GOP_MS + SLACK_MS);
    const segments = readRecordingIndex(recordings.recordingDirectory(cameraId(1), started.recordingId));
    expect(segments.every((segment) => segment.start < stopped.to)).toBe(true);
  });

  it('records a gap when the camera stops sending mid-recording, and resumes when it sends again', async () => {
    // given a recording of camera 2
    const camera = fleet.cameras[1]!;
    await waitForEvent(communicationStream(cameraId(2)), 'CommunicationStarted');
    const sessionId = randomUUID();
    await run('StartRecording', { ...context(2), sessionId, preBufferSeconds: 0 });
    const started = await waitForEvent<RecordingStarted>(recordingStream(cameraId(2)), 'RecordingStarted', (data) =>
      data.sessionIds.includes(sessionId),
    );
    await recordedPast(2, started.recordingId, started.at);

    // when the camera stops its stream for longer than the debounce, then comes back
    await camera.stopStream();
    await waitForEvent(communicationStream(cameraId(2)), 'CommunicationError');
    await camera.startStream();

    // then the gap is recorded in the recording, communication is reported back, and the recording goes on
    const gap = await waitForEvent<RecordingGapDetected>(recordingStream(cameraId(2)), 'RecordingGapDetected', (data) =>
      data.recordingIds.includes(started.recordingId),
    );
    expect(gap.reason).toBe('stream-ended');
    expect(gap.to).toBeGreaterThan(gap.from);
    await eventually(
      async () =>
        (await eventsOf(communicationStream(cameraId(2)))).filter((event) => event.type === 'CommunicationStarted')
          .length === 2,
      'communication started again',
    );
    await recordedPast(2, started.recordingId, gap.to);
    await run('StopRecording', { ...context(2), sessionId });
    const stopped = await waitForEvent<RecordingStopped>(
      recordingStream(cameraId(2)),
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
    );
    expect(stopped.media!.from).toBeLessThan(gap.from);
    expect(stopped.media!.to).toBeGreaterThan(gap.to);
  });

  it('restarts a killed ffmpeg and records the gap', async () => {
    // given a recording of camera 3
    await waitForEvent(communicationStream(cameraId(3)), 'CommunicationStarted');
    const recorder = recordings.recorderOf(cameraId(3))!;
    const sessionId = randomUUID();
    await run('StartRecording', { ...context(3), sessionId, preBufferSeconds: 0 });
    const started = await waitForEvent<RecordingStarted>(recordingStream(cameraId(3)), 'RecordingStarted', (data) =>
      data.sessionIds.includes(sessionId),
    );
    await recordedPast(3, started.recordingId, started.at);

    // when its ffmpeg is killed
    const pid = recorder.segmenterPid!;
    process.kill(pid, 'SIGKILL');

    // then ffmpeg is restarted, the gap is recorded and the recording goes on
    const gap = await waitForEvent<RecordingGapDetected>(recordingStream(cameraId(3)), 'RecordingGapDetected', (data) =>
      data.recordingIds.includes(started.recordingId),
    );
    expect(gap).toMatchObject({ reason: 'process-exited', restarts: 1 });
    expect(recorder.segmenterPid).not.toBe(pid);
    await recordedPast(3, started.recordingId, gap.to);
    await run('StopRecording', { ...context(3), sessionId });
    await waitForEvent<RecordingStopped>(
      recordingStream(cameraId(3)),
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
    );
  });

  it('fails an invalid job payload without retrying it', async () => {
    // when a StartRecording job breaks its contract, though it may be tried 5 times
    const job = await queue.add('StartRecording', { deviceId: 42 }, { attempts: 5, backoff: 10 });

    // then it fails once, for good
    await expect(job.waitUntilFinished(queueEvents, 30_000)).rejects.toThrow(/invalid StartRecording job/);
    const failed = await queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(await failed?.getState()).toBe('failed');
  });

  it('resumes a recording after a restart of the worker, with the time it was down recorded as a gap', async () => {
    // given a recording of camera 1
    const sessionId = randomUUID();
    await run('StartRecording', { ...context(1), sessionId, preBufferSeconds: 0 });
    const started = await waitForEvent<RecordingStarted>(recordingStream(cameraId(1)), 'RecordingStarted', (data) =>
      data.sessionIds.includes(sessionId),
    );
    await recordedPast(1, started.recordingId, started.at);

    // when the worker stops and starts again
    await recordings.close();
    recordings = newRecordingService();
    await recordings.open();

    // then the same recording goes on after a gap, and ends with its session's stop
    const gap = await waitForEvent<RecordingGapDetected>(recordingStream(cameraId(1)), 'RecordingGapDetected', (data) =>
      data.recordingIds.includes(started.recordingId),
    );
    expect(gap.reason).toBe('recorder-restarted');
    await recordedPast(1, started.recordingId, gap.to);
    await run('StopRecording', { ...context(1), sessionId });
    const stopped = await waitForEvent<RecordingStopped>(
      recordingStream(cameraId(1)),
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
    );
    expect(stopped.media!.from).toBeLessThan(gap.from);
    expect(stopped.media!.to).toBeGreaterThan(gap.to);
  });
});
