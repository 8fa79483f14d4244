// PTZ and output jobs through BullMQ against a simulated camera (real ONVIF SOAP over HTTP), with the arbitration
// in PostgreSQL's event store. Waits on job completion and events, never on time.
import { randomUUID } from 'node:crypto';
import {
  ptzSessionTimeoutJobId,
  ptzStream,
  recorderQueueName,
  type PTZManualSessionStarted,
  type StoredEvent,
} from '@vigil/domain';
import { createBullMqConnection, PostgresEventStore, startJobWorker, type JobWorker } from '@vigil/infrastructure';
import { SimulatedCamera } from '@vigil/media';
import { Queue, QueueEvents, type Job, type JobsOptions } from 'bullmq';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { freePort } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecorderJobProcessor } from '../jobs/recorder-job.processor';
import type { RecordingService } from '../recording/recording.service';
import { fixedCameras } from '../recording/recorder-cameras.port';
import { CameraControlDirectory } from './camera-control.directory';
import { OutputsService } from './outputs.service';
import { PtzService } from './ptz.service';

const CREDENTIALS = { username: 'admin', password: 'Ptz-J0bs' };
const RECORDER_ID = 'ptz-spec';
const ENTRANCE = { x: -0.5, y: 0.2, zoom: 0 };
const PARKING = { x: 0.5, y: -0.1, zoom: 0.5 };
const GATE = { x: 0.9, y: 0.3, zoom: 1 };

describe('recorder worker: PTZ and output jobs', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let camera: SimulatedCamera;
  let worker: JobWorker;
  let queue: Queue;
  let queueEvents: QueueEvents;
  let connections: ReturnType<typeof createBullMqConnection>[] = [];
  const prefix = `t${randomUUID().replace(/-/g, '')}`;
  const queueName = recorderQueueName(RECORDER_ID);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const cameraId = `ptz-cam-${prefix}`;
  const awayCameraId = `away-cam-${prefix}`;
  const outputId = `out-2-${prefix}`;
  const context = (deviceId: string) => ({
    deviceId,
    ruleId: 'rule-1',
    causationId: randomUUID(),
    correlationId: randomUUID(),
    triggeredAt: Date.now(),
  });

  const run = async (name: string, data: object, options: JobsOptions = {}): Promise<Job> => {
    const job = await queue.add(name, data, { jobId: randomUUID(), ...options });
    await job.waitUntilFinished(queueEvents).catch(() => undefined);
    return (await queue.getJob(job.id ?? '')) as Job;
  };
  const ptzEvents = async (): Promise<StoredEvent[]> => readAllOf(store.readStream(ptzStream(cameraId)));
  const startSession = async (userId: string, priority: number, expiresAt: number): Promise<string> => {
    const sessionId = randomUUID();
    const started: PTZManualSessionStarted['data'] = {
      cameraId,
      sessionId,
      userId,
      priority,
      timeoutSeconds: 15,
      expiresAt,
      at: Date.now(),
    };
    await store.append(
      ptzStream(cameraId),
      [{ id: randomUUID(), type: 'PTZManualSessionStarted', data: started }],
      'any',
    );
    return sessionId;
  };
  const release = async (sessionId: string): Promise<void> => {
    await store.append(
      ptzStream(cameraId),
      [
        {
          id: randomUUID(),
          type: 'PTZManualSessionStopped',
          data: { cameraId, sessionId, userId: 'test', priority: 1, reason: 'released', at: Date.now() },
        },
      ],
      'any',
    );
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
    camera = await SimulatedCamera.start({
      name: 'ptz-jobs-cam',
      credentials: CREDENTIALS,
      width: 320,
      height: 180,
      fps: 10,
      rtspUri: 'rtsp://127.0.0.1:1/none',
      snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      relayOutputs: 2,
    });
    const directory = new CameraControlDirectory();
    await directory.open(
      fixedCameras([
        {
          cameraId,
          rtspUri: camera.rtspUri,
          ...CREDENTIALS,
          onvif: {
            address: camera.onvifUrl,
            inputs: [],
            outputs: [
              { deviceId: `out-1-${prefix}`, token: 'RelayOutput_1' },
              { deviceId: outputId, token: 'RelayOutput_2' },
              { deviceId: `out-9-${prefix}`, token: 'RelayOutput_9' },
            ],
          },
        },
        // a camera whose address nothing answers at
        {
          cameraId: awayCameraId,
          rtspUri: 'rtsp://127.0.0.1:1/none',
          ...CREDENTIALS,
          onvif: { address: `127.0.0.1:${await freePort()}`, inputs: [] },
        },
      ]),
    );
    const processor = new RecorderJobProcessor(
      {} as RecordingService, // no recording job is sent here
      new PtzService(store, directory),
      new OutputsService(directory),
    );
    worker = await startJobWorker({
      queue: queueName,
      redisUrl,
      prefix,
      concurrency: 2,
      process: (job) => processor.process(job),
    });
    connections = [createBullMqConnection(redisUrl), createBullMqConnection(redisUrl)];
    queue = new Queue(queueName, { connection: connections[0]!, prefix });
    queueEvents = new QueueEvents(queueName, { connection: connections[1]!, prefix });
    await queueEvents.waitUntilReady();
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await queueEvents?.close();
    await Promise.all(connections.map((connection) => connection.quit()));
    await camera?.close();
    await store?.close();
    await database?.drop();
  });

  it('given a free camera, when a rule moves it to a preset, then the head is at the preset', async () => {
    const job = await run('MoveToPreset', { ...context(cameraId), presetId: '2', priority: 1_000 });

    expect(job.returnvalue).toBe('moved');
    expect(camera.ptzPosition()).toEqual(PARKING);
  });

  it('given the head at a preset, when a rule moves it to its default preset, then it goes home', async () => {
    await run('MoveToPreset', { ...context(cameraId), presetId: '3', priority: 1_000 });
    expect(camera.ptzPosition()).toEqual(GATE);

    const job = await run('MoveToDefaultPreset', context(cameraId));

    expect(job.returnvalue).toBe('moved');
    expect(camera.ptzPosition()).toEqual({ x: 0, y: 0, zoom: 0 });
  });

  it("given an operator's session (3000), when a lower priority rule moves the camera, then it stays where the operator put it", async () => {
    await run('MoveToPreset', { ...context(cameraId), presetId: '1', priority: 1_000 });
    const sessionId = await startSession('ann', 3_000, Date.now() + 60_000);

    const job = await run('MoveToPreset', { ...context(cameraId), presetId: '3', priority: 2_000 });

    expect(job.returnvalue).toBe('refusedByPriority');
    expect(camera.ptzPosition()).toEqual(ENTRANCE);
    await release(sessionId);
  });

  it("given an operator's session (3000), when a higher priority rule moves the camera, then it moves and the session is preempted", async () => {
    const sessionId = await startSession('ann', 3_000, Date.now() + 60_000);

    const job = await run('MoveToPreset', { ...context(cameraId), presetId: '3', priority: 4_000 });

    expect(job.returnvalue).toBe('moved');
    expect(camera.ptzPosition()).toEqual(GATE);
    expect((await ptzEvents()).at(-1)).toMatchObject({
      type: 'PTZManualSessionStopped',
      data: { sessionId, reason: 'preempted', byPriority: 4_000 },
    });
  });

  it('given an unknown preset, then the job fails once, not retried, saying PTZ_PRESET_UNKNOWN', async () => {
    const job = await run(
      'MoveToPreset',
      { ...context(cameraId), presetId: '42', priority: 1_000 },
      { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
    );

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^PTZ_PRESET_UNKNOWN: /);
  });

  it('given an unreachable camera, then the job is retried with back-off, and fails saying CAMERA_UNREACHABLE', async () => {
    const job = await run(
      'MoveToPreset',
      { ...context(awayCameraId), presetId: '1', priority: 1_000 },
      { attempts: 3, backoff: { type: 'exponential', delay: 10 } },
    );

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    expect(job.failedReason).toMatch(/^CAMERA_UNREACHABLE: /);
  });

  it('activates and deactivates a relay output named by its device id', async () => {
    await run('ActivateOutput', context(outputId));
    expect(camera.relayOutputs()).toEqual({ RelayOutput_1: 'inactive', RelayOutput_2: 'active' });

    await run('DeactivateOutput', context(outputId));
    expect(camera.relayOutputs()).toEqual({ RelayOutput_1: 'inactive', RelayOutput_2: 'inactive' });
  });

  it('given an output the camera no longer has, then the job fails once saying RELAY_OUTPUT_UNKNOWN', async () => {
    const job = await run('ActivateOutput', context(`out-9-${prefix}`), { attempts: 3 });

    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^RELAY_OUTPUT_UNKNOWN: /);
  });

  it("runs a manual command of the session that holds the camera, and refuses another session's", async () => {
    const sessionId = await startSession('ann', 3_000, Date.now() + 60_000);
    const command = { cameraId, userId: 'ann', action: 'gotoPreset', presetToken: '2' };

    const held = await run('PtzManualCommand', { ...command, sessionId });
    expect(await held.getState()).toBe('completed');
    expect(camera.ptzPosition()).toEqual(PARKING);

    const other = await run('PtzManualCommand', { ...command, presetToken: '1', sessionId: randomUUID() });
    expect(other.failedReason).toMatch(/^PTZ_SESSION_NOT_HELD: /);
    expect(camera.ptzPosition()).toEqual(PARKING);
    await release(sessionId);
  });

  it('given a session, when its timeout job is due with no command since, then the session stops as timed out', async () => {
    const expiresAt = Date.now() + 200;
    const sessionId = await startSession('ann', 3_000, expiresAt);

    const job = await run(
      'PtzSessionTimeout',
      { cameraId, sessionId, expiresAt },
      { jobId: ptzSessionTimeoutJobId(sessionId, expiresAt), delay: expiresAt - Date.now() },
    );

    expect(job.returnvalue).toEqual({ ended: true });
    expect((await ptzEvents()).at(-1)).toMatchObject({
      type: 'PTZManualSessionStopped',
      data: { sessionId, reason: 'timeout', at: expiresAt },
    });
  });
});
