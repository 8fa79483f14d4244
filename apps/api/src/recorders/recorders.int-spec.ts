// Recorder workers as the API sees them, with two API processes on one database and one Redis (as deployed for
// scale-out), a real recorder worker and the real heartbeat: online when it beats, offline once when it stops (not
// once per API process nor per check), online again when it comes back, and GET /api/recorders showing it all.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  cameraPasswordPurpose,
  cameraStream,
  DEFAULT_RECORDING_SETTINGS,
  RECORDER_MONITOR_QUEUE,
  recorderQueueName,
  recorderStream,
  type RecordingServerNotResponding,
  type StoredEvent,
} from '@vigil/domain';
import { PostgresEventStore, QueueRegistry, SecretBox, validateEnv } from '@vigil/infrastructure';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { startRecorderTestApp } from '../../../recorder-worker/src/testing/recorder-test-app';
import { createApiApp } from '../api.app';
import { ApiEnv } from '../config/api.env';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { RecorderView } from './recorders.dto';

const SECRETS_KEY = 'a-recorders-api-secrets-key-of-32-chars+';
const RECORDER_ID = 'recorder-dock';

describe('recorders: registration, heartbeat and status through the API', () => {
  let api: ApiTestApp;
  let secondApi: INestApplication;
  let store: PostgresEventStore;
  let queues: QueueRegistry;
  let owner: Session;
  let storage: string;
  let prefix: string;
  let worker: INestApplication | undefined;

  const startWorker = async (): Promise<INestApplication> => {
    return startRecorderTestApp(
      { databaseUrl: api.databaseUrl, queuePrefix: prefix, recordingsDir: storage },
      {
        VIGIL_SECRETS_KEY: SECRETS_KEY,
        RECORDER_ID,
        RECORDER_NAME: 'Dock',
        RECORDER_TIME_ZONE: 'America/New_York',
        RECORDER_MAX_CAMERAS: '4',
        RECORDER_HEARTBEAT_SECONDS: '1',
      },
    );
  };

  const eventsOf = (stream: string): Promise<StoredEvent[]> => readAllOf(store.readStream(stream));
  const typesOf = async (): Promise<string[]> => (await eventsOf(recorderStream(RECORDER_ID))).map((e) => e.type);
  const countOf = async (type: string): Promise<number> => (await typesOf()).filter((t) => t === type).length;
  const getRecorder = async (recorderId = RECORDER_ID) =>
    api.http().get(`/api/recorders/${recorderId}`).set('Authorization', bearer(owner));
  /** Waits until the monitor (either API process) has run `checks` more times: its checks are the signal. */
  const afterChecks = async (checks: number): Promise<void> => {
    const monitor = queues.queue(RECORDER_MONITOR_QUEUE);
    const completed = async () => (await monitor.getJobCounts('completed')).completed ?? 0;
    const from = await completed();
    await eventually(async () => (await completed()) >= from + checks, `${checks} more checks`, 30_000);
  };

  beforeAll(async () => {
    api = await startApiTestApp({ VIGIL_SECRETS_KEY: SECRETS_KEY, RECORDER_CHECK_SECONDS: '1' });
    prefix = new URL(api.databaseUrl).pathname.slice(1); // the test app's QUEUE_PREFIX is its database's name
    // a second API process on the same database and Redis
    secondApi = await createApiApp(
      validateEnv(ApiEnv, {
        DATABASE_URL: api.databaseUrl,
        REDIS_URL: process.env.REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'error',
        VIGIL_SECRETS_KEY: SECRETS_KEY,
        VIGIL_OWNER_PASSWORD: OWNER_PASSWORD,
        RECORDER_CHECK_SECONDS: '1',
      }),
    );
    await secondApi.init();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    queues = new QueueRegistry(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    owner = await login(api, 'owner', OWNER_PASSWORD);
    storage = mkdtempSync(join(tmpdir(), 'vigil-recorders-api-'));
  });

  afterAll(async () => {
    await worker?.close();
    await secondApi?.close();
    await queues?.queue(recorderQueueName(RECORDER_ID)).obliterate({ force: true });
    await queues?.close();
    await store?.close();
    await api?.close();
    if (storage !== undefined) {
      rmSync(storage, { recursive: true, force: true });
    }
  });

  it('given a recorder worker started, then it responds, is listed online with its settings, cameras and queue; stopped, it stops responding once; restarted, it responds again', async () => {
    // Given a camera assigned to the recorder (its stream is nowhere: the worker keeps trying) and a job waiting
    // for it in a minute
    const cameraId = randomUUID();
    const secrets = SecretBox.fromKeyMaterial(SECRETS_KEY);
    await store.append(
      cameraStream(cameraId),
      [
        {
          id: randomUUID(),
          type: 'CameraAdded',
          data: {
            cameraId,
            name: 'Dock door',
            address: 'http://127.0.0.1:1/onvif/device_service',
            username: 'admin',
            encryptedPassword: secrets.encrypt('secret', cameraPasswordPurpose(cameraId)),
            capabilities: {
              profiles: [
                {
                  token: 'p1',
                  name: 'main',
                  encoding: 'H264',
                  width: 320,
                  height: 180,
                  streamUri: 'rtsp://127.0.0.1:1/x',
                },
              ],
              ptz: { supported: false, presets: [] },
              inputs: [],
              outputs: [],
            },
            recording: DEFAULT_RECORDING_SETTINGS,
            byUserId: 'admin',
            at: Date.now(),
          },
        },
        {
          id: randomUUID(),
          type: 'CameraAssignedToRecorder',
          data: { cameraId, recorderId: RECORDER_ID, byUserId: 'admin', at: Date.now() },
        },
      ],
      'no_stream',
    );
    await queues
      .queue(recorderQueueName(RECORDER_ID))
      .add('StopRecording', { deviceId: cameraId }, { delay: 60_000, jobId: 'later' });

    // When the worker starts
    worker = await startWorker();

    // Then the recorder responds, once
    await eventually(async () => (await countOf('RecordingServerResponding')) === 1, 'RecordingServerResponding');
    expect(await typesOf()).toEqual(['RecorderRegistered', 'RecordingServerResponding']);

    // and the API shows it online, with what it registered, the camera assigned and recorded, and its queue
    const online = await eventually(async () => {
      const response = await getRecorder();
      const view = response.body as RecorderView;
      return response.status === 200 && view.responding?.value === true && view.cameras.recording.length === 1
        ? view
        : undefined;
    }, 'the recorder online in the API');
    expect(online).toMatchObject({
      recorderId: RECORDER_ID,
      settings: { name: 'Dock', timeZone: 'America/New_York', maxCameras: 4, storagePath: storage },
      status: 'online',
      cameras: { assigned: [cameraId], recording: [cameraId] },
      // the job added above, and the next run of the worker's storage check (a job scheduler on its queue)
      queue: { delayed: 2, failed: 0 },
    });
    expect(Date.parse(online.lastSeenAt ?? '')).toBeGreaterThan(0);
    expect(online.startedAt).not.toBeNull();
    const listed = await api.http().get('/api/recorders').set('Authorization', bearer(owner)).expect(200);
    expect((listed.body as RecorderView[]).map((view) => view.recorderId)).toEqual([RECORDER_ID]);

    // When the worker stops
    await worker.close();
    worker = undefined;

    // Then it stops responding, with its last heartbeat, once, however many checks the two API processes make
    await eventually(async () => (await countOf('RecordingServerNotResponding')) === 1, 'NotResponding');
    await afterChecks(4);
    expect(await typesOf()).toEqual([
      'RecorderRegistered',
      'RecordingServerResponding',
      'RecordingServerNotResponding',
    ]);
    const notResponding = (await eventsOf(recorderStream(RECORDER_ID))).at(-1)
      ?.data as RecordingServerNotResponding['data'];
    expect(notResponding.lastSeenAt).toBe(Date.parse(online.lastSeenAt ?? ''));
    const offline = (await getRecorder()).body as RecorderView;
    expect(offline).toMatchObject({
      status: 'offline',
      startedAt: null,
      cameras: { assigned: [cameraId], recording: [] },
    });
    expect(offline.lastSeenAt).not.toBeNull();

    // When it starts again, then it responds again (and registers nothing new: same settings)
    worker = await startWorker();
    await eventually(async () => (await countOf('RecordingServerResponding')) === 2, 'responding again');
    await afterChecks(2);
    expect(await typesOf()).toEqual([
      'RecorderRegistered',
      'RecordingServerResponding',
      'RecordingServerNotResponding',
      'RecordingServerResponding',
    ]);
  });

  it('given no such recorder, then GET answers 404 RECORDER_NOT_FOUND', async () => {
    const response = await getRecorder('recorder-nowhere');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'RECORDER_NOT_FOUND' });
  });
});
