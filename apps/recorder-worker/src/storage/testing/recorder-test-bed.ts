// A recorder worker for integration tests: simulated cameras (real RTSP), the RecordingService with real ffmpeg,
// jobs through a real BullMQ queue (one prefix per test file), events in a real PostgreSQL (one database per file).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  recorderQueueName,
  recordingStream,
  type RecordingStarted,
  type RecordingStopped,
  type StoredEvent,
} from '@vigil/domain';
import { createBullMqConnection, PostgresEventStore, startJobWorker, type JobWorker } from '@vigil/infrastructure';
import { CameraFleet, readRecordingIndex } from '@vigil/media';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { readAllOf } from '../../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../../libs/infrastructure/src/testing/test-database';
import { eventually } from '../../../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecorderJobProcessor } from '../../jobs/recorder-job.processor';
import { CameraControlDirectory } from '../../ptz/camera-control.directory';
import { OutputsService } from '../../ptz/outputs.service';
import { PtzService } from '../../ptz/ptz.service';
import { fixedCameras } from '../../recording/recorder-cameras.port';
import { RecordingService } from '../../recording/recording.service';
import type { RecordingStorageEnforcer } from '../recording-storage.enforcer';

const CACHE_DIR = join(__dirname, '../../../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 'p4ss' };

export type RecorderTestBedOptions = Readonly<{
  cameras: number;
  recordingsDirectory: string;
  preBufferDirectory?: string;
  preBufferSeconds: number;
}>;

export class RecorderTestBed {
  readonly prefix = `t${randomUUID().replace(/-/g, '')}`;
  readonly recorderId = `storage-${this.prefix.slice(1, 9)}`;
  readonly redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  /** The storage enforcer the worker's jobs use now (tests change the limits by replacing it). */
  enforcer: RecordingStorageEnforcer | undefined;
  private database!: TestDatabase;
  store!: PostgresEventStore;
  fleet!: CameraFleet;
  recordings!: RecordingService;
  queue!: Queue;
  queueEvents!: QueueEvents;
  private worker!: JobWorker;
  private connections: ReturnType<typeof createBullMqConnection>[] = [];

  private constructor(private readonly options: RecorderTestBedOptions) {}

  static async start(options: RecorderTestBedOptions): Promise<RecorderTestBed> {
    const bed = new RecorderTestBed(options);
    await bed.open();
    return bed;
  }

  cameraId(n: number): string {
    return `cam-${n}-${this.prefix}`;
  }

  private async open(): Promise<void> {
    this.database = await createTestDatabase();
    this.store = new PostgresEventStore({ connectionString: this.database.url, poolSize: 2 });
    this.fleet = await CameraFleet.start({
      count: this.options.cameras,
      width: 320,
      height: 180,
      fps: 10,
      loopSeconds: 2,
      cacheDir: CACHE_DIR,
      credentials: CREDENTIALS,
    });
    this.recordings = new RecordingService(
      {
        recorderId: this.recorderId,
        recordingsDirectory: this.options.recordingsDirectory,
        ...(this.options.preBufferDirectory === undefined
          ? {}
          : { preBufferDirectory: this.options.preBufferDirectory }),
        preBufferSeconds: this.options.preBufferSeconds,
        preBufferLocation: 'disk',
        communicationDebounceSeconds: 1,
        stallSeconds: 4,
      },
      this.store,
      fixedCameras(
        this.fleet.cameras.map((camera, index) => ({
          cameraId: this.cameraId(index + 1),
          rtspUri: camera.rtspUri,
          ...CREDENTIALS,
        })),
      ),
    );
    await this.recordings.open();
    const queueName = recorderQueueName(this.recorderId);
    const directory = new CameraControlDirectory(); // storage tests drive no PTZ nor outputs
    this.worker = await startJobWorker({
      queue: queueName,
      redisUrl: this.redisUrl,
      prefix: this.prefix,
      concurrency: 4,
      process: (job) =>
        new RecorderJobProcessor(
          this.recordings,
          new PtzService(this.store, directory),
          new OutputsService(directory),
          this.enforcer,
        ).process(job),
    });
    this.connections = [createBullMqConnection(this.redisUrl), createBullMqConnection(this.redisUrl)];
    this.queue = new Queue(queueName, { connection: this.connections[0]!, prefix: this.prefix });
    this.queueEvents = new QueueEvents(queueName, { connection: this.connections[1]!, prefix: this.prefix });
    await this.queueEvents.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.recordings?.close();
    await this.queue?.obliterate({ force: true });
    await this.queue?.close();
    await this.queueEvents?.close();
    await Promise.all(this.connections.map((connection) => connection.quit()));
    await this.fleet?.close();
    await this.store?.close();
    await this.database?.drop();
  }

  async eventsOf(stream: string): Promise<StoredEvent[]> {
    return readAllOf(this.store.readStream(stream));
  }

  async waitForEvent<E extends { type: string; data: object }>(
    n: number,
    type: E['type'],
    matches: (data: E['data']) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<E['data']> {
    return await eventually(
      async () =>
        (await this.eventsOf(recordingStream(this.cameraId(n)))).find(
          (event) => event.type === type && matches(event.data as E['data']),
        )?.data as E['data'] | undefined,
      `${type} on camera ${n}`,
      timeoutMs,
    );
  }

  /** Adds a job and waits until it completed (or failed: the error is thrown). */
  async run(name: string, data: object, options: JobsOptions = {}): Promise<void> {
    const job = await this.queue.add(name, data, options);
    await job.waitUntilFinished(this.queueEvents, 60_000);
  }

  private context(n: number, triggeredAt = Date.now()) {
    return {
      deviceId: this.cameraId(n),
      ruleId: 'rule-1',
      causationId: randomUUID(),
      correlationId: randomUUID(),
      triggeredAt,
    };
  }

  async startRecording(n: number, sessionId: string, preBufferSeconds = 0): Promise<void> {
    await this.run('StartRecording', { ...this.context(n), sessionId, preBufferSeconds });
  }

  async started(n: number, sessionId: string): Promise<RecordingStarted['data']> {
    return this.waitForEvent<RecordingStarted>(n, 'RecordingStarted', (data) => data.sessionIds.includes(sessionId));
  }

  async stopRecording(n: number, sessionId: string, recordingId: string): Promise<RecordingStopped['data']> {
    await this.run('StopRecording', { ...this.context(n), sessionId });
    return this.waitForEvent<RecordingStopped>(n, 'RecordingStopped', (data) => data.recordingId === recordingId);
  }

  /** Waits until the recording folder holds a segment that ends after `at`. */
  async recordedPast(n: number, recordingId: string, at: number): Promise<void> {
    await eventually(
      () => {
        try {
          const directory = this.recordings.recordingDirectory(this.cameraId(n), recordingId);
          return readRecordingIndex(directory).some((segment) => segment.end > at);
        } catch {
          return false;
        }
      },
      `camera ${n} recorded past ${at}`,
      30_000,
    );
  }

  /** Records camera n for about `seconds` and stops: the finished recording. */
  async record(n: number, seconds: number): Promise<RecordingStopped['data']> {
    const sessionId = randomUUID();
    await this.startRecording(n, sessionId);
    const started = await this.started(n, sessionId);
    await this.recordedPast(n, started.recordingId, started.at + seconds * 1_000);
    return this.stopRecording(n, sessionId, started.recordingId);
  }
}
