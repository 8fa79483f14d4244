// A recorder worker's life as the rest of the system sees it, with the real registry (the event store), Redis and
// simulated cameras (real RTSP, real ffmpeg): it registers itself at each start (an event only when something
// changed), keeps a heartbeat in Redis while it runs, and follows the camera registry without a restart.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  cameraPasswordPurpose,
  cameraStream,
  communicationStream,
  DEFAULT_RECORDING_SETTINGS,
  parseRecorderHeartbeat,
  recorderHeartbeatKey,
  recorderStream,
  type RecorderRegistered,
  type RecorderSettingsChanged,
  type StoredEvent,
} from '@vigil/domain';
import { PostgresEventStore, SecretBox } from '@vigil/infrastructure';
import { CameraFleet } from '@vigil/media';
import { Redis } from 'ioredis';
import { readAllOf } from '../../../libs/infrastructure/src/testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../../libs/infrastructure/src/testing/test-database';
import { eventually } from '../../../libs/infrastructure/src/testing/wait.fixtures';
import { startRecorderTestApp } from './testing/recorder-test-app';
import { RecordingService } from './recording/recording.service';
import { recorderVersion } from './registration/recorder-version';

const CACHE_DIR = join(__dirname, '../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 'L1ve-Pass' };
const SECRETS_KEY = 'a-recorder-lifecycle-secrets-key-of-32+';

describe('recorder worker lifecycle (registration, heartbeat, live cameras)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let redis: Redis;
  let fleet: CameraFleet;
  let storage: string;
  const secrets = SecretBox.fromKeyMaterial(SECRETS_KEY);
  const running: INestApplication[] = [];

  const startWorker = async (recorderId: string, env: Record<string, string> = {}): Promise<INestApplication> => {
    const app = await startRecorderTestApp(
      { databaseUrl: database.url, queuePrefix: database.name, recordingsDir: join(storage, recorderId) },
      {
        VIGIL_SECRETS_KEY: SECRETS_KEY,
        RECORDER_ID: recorderId,
        DEFAULT_RECORDER_ID: 'recorder-a',
        RECORDER_TIME_ZONE: 'Europe/Copenhagen',
        COMMUNICATION_ERROR_DEBOUNCE_SECONDS: '1',
        RECORDER_HEARTBEAT_SECONDS: '1',
        ...env,
      },
    );
    running.push(app);
    return app;
  };
  const stopWorker = async (app: INestApplication): Promise<void> => {
    running.splice(running.indexOf(app), 1);
    await app.close();
  };

  const eventsOf = (stream: string): Promise<StoredEvent[]> => readAllOf(store.readStream(stream));
  const countOf = async (stream: string, type: string): Promise<number> =>
    (await eventsOf(stream)).filter((event) => event.type === type).length;
  const heartbeatOf = async (recorderId: string) =>
    parseRecorderHeartbeat(await redis.get(recorderHeartbeatKey(database.name, recorderId)));
  const recorderOf = (app: INestApplication, cameraId: string) => app.get(RecordingService).recorderOf(cameraId);

  /** What the cameras API appends, with the simulated camera's stream and the password sealed with our key. */
  const addCamera = async (index: number): Promise<string> => {
    const camera = fleet.cameras[index];
    if (camera === undefined) {
      throw new Error(`no simulated camera ${index}`);
    }
    const cameraId = randomUUID();
    await store.append(
      cameraStream(cameraId),
      [
        {
          id: randomUUID(),
          type: 'CameraAdded',
          data: {
            cameraId,
            name: camera.name,
            address: camera.onvifUrl,
            username: CREDENTIALS.username,
            encryptedPassword: secrets.encrypt(CREDENTIALS.password, cameraPasswordPurpose(cameraId)),
            capabilities: {
              profiles: [
                {
                  token: 'Profile_1',
                  name: 'main',
                  encoding: 'H264',
                  width: 320,
                  height: 180,
                  streamUri: camera.rtspUri,
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
      ],
      'no_stream',
    );
    return cameraId;
  };
  const changeCamera = (cameraId: string, type: string, data: object = {}) =>
    store.append(
      cameraStream(cameraId),
      [{ id: randomUUID(), type, data: { cameraId, byUserId: 'admin', at: Date.now(), ...data } }],
      'stream_exists',
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    storage = mkdtempSync(join(tmpdir(), 'vigil-recorder-lifecycle-'));
    fleet = await CameraFleet.start({
      count: 1,
      width: 320,
      height: 180,
      fps: 10,
      loopSeconds: 2,
      cacheDir: CACHE_DIR,
      credentials: CREDENTIALS,
    });
  });

  afterAll(async () => {
    for (const app of running.splice(0)) {
      await app.close();
    }
    await fleet?.close();
    await redis?.quit();
    await store?.close();
    await database?.drop();
    if (storage !== undefined) {
      rmSync(storage, { recursive: true, force: true });
    }
  });

  it('given a worker started, then it is registered with its settings once, restarts append only a change, and it beats in Redis while it runs', async () => {
    // When recorder-r starts
    let worker = await startWorker('recorder-r', { RECORDER_NAME: 'Loading dock', RECORDER_MAX_CAMERAS: '8' });

    // Then it is registered with its settings
    const registered = await eventsOf(recorderStream('recorder-r'));
    expect(registered.map((event) => event.type)).toEqual(['RecorderRegistered']);
    expect((registered[0]?.data as RecorderRegistered['data']).settings).toEqual({
      name: 'Loading dock',
      timeZone: 'Europe/Copenhagen',
      maxCameras: 8,
      version: recorderVersion(),
      storagePath: resolve(storage, 'recorder-r'),
    });
    expect(recorderVersion()).toMatch(/^\d+\.\d+\.\d+/); // the package's, not 'unknown'
    // and its heartbeat is in Redis, with a time to live
    expect(await heartbeatOf('recorder-r')).toMatchObject({ recorderId: 'recorder-r', cameraIds: [] });
    expect(await redis.pttl(recorderHeartbeatKey(database.name, 'recorder-r'))).toBeGreaterThan(0);

    // When it stops, then its heartbeat is gone at once
    await stopWorker(worker);
    expect(await heartbeatOf('recorder-r')).toBeUndefined();

    // When it starts again with the same settings, then nothing is appended
    worker = await startWorker('recorder-r', { RECORDER_NAME: 'Loading dock', RECORDER_MAX_CAMERAS: '8' });
    await stopWorker(worker);
    expect((await eventsOf(recorderStream('recorder-r'))).length).toBe(1);

    // When it starts again with another capacity, then the whole settings change once
    worker = await startWorker('recorder-r', { RECORDER_NAME: 'Loading dock', RECORDER_MAX_CAMERAS: '16' });
    await stopWorker(worker);
    const history = await eventsOf(recorderStream('recorder-r'));
    expect(history.map((event) => event.type)).toEqual(['RecorderRegistered', 'RecorderSettingsChanged']);
    expect((history[1]?.data as RecorderSettingsChanged['data']).settings).toMatchObject({ maxCameras: 16 });
  });

  it('given two running workers, when a camera is added, moved, its settings changed and disabled in the registry, then the workers start, move, restart and release it without a restart', async () => {
    // Given recorder-a (the default recorder, which records unassigned cameras) and recorder-b, running, no camera
    const a = await startWorker('recorder-a');
    const b = await startWorker('recorder-b');
    expect(a.get(RecordingService).cameraIds()).toEqual([]);

    // When a camera is added (assigned to no recorder)
    const cameraId = await addCamera(0);

    // Then recorder-a records it: its stream is received and its heartbeat names it
    await eventually(() => recorderOf(a, cameraId), 'recorder-a recording the new camera');
    await eventually(
      async () => (await countOf(communicationStream(cameraId), 'CommunicationStarted')) === 1,
      'the stream received by recorder-a',
    );
    await eventually(
      async () => (await heartbeatOf('recorder-a'))?.cameraIds.includes(cameraId),
      "recorder-a's heartbeat naming the camera",
    );
    expect(recorderOf(b, cameraId)).toBeUndefined();

    // When it is moved to recorder-b
    await changeCamera(cameraId, 'CameraAssignedToRecorder', { recorderId: 'recorder-b' });

    // Then recorder-a releases it and recorder-b records it
    await eventually(() => recorderOf(a, cameraId) === undefined && recorderOf(b, cameraId), 'the camera moved to b');
    await eventually(
      async () => (await countOf(communicationStream(cameraId), 'CommunicationStarted')) === 2,
      'the stream received by recorder-b',
    );
    expect(await countOf(communicationStream(cameraId), 'CommunicationStopped')).toBe(1);

    // When its pre-buffer is changed, then recorder-b restarts its recorder with the new pre-buffer
    const before = recorderOf(b, cameraId);
    await changeCamera(cameraId, 'CameraRecordingSettingsChanged', {
      recording: { ...DEFAULT_RECORDING_SETTINGS, preBuffer: { enabled: true, location: 'disk', seconds: 20 } },
    });
    await eventually(() => {
      const now = recorderOf(b, cameraId);
      return now !== undefined && now !== before;
    }, 'the recorder restarted with the new settings');

    // When it is disabled, then recorder-b releases it too, and nobody records it
    await changeCamera(cameraId, 'CameraDisabled');
    await eventually(() => recorderOf(b, cameraId) === undefined, 'the disabled camera released');
    await eventually(
      async () =>
        (await countOf(communicationStream(cameraId), 'CommunicationStopped')) ===
        (await countOf(communicationStream(cameraId), 'CommunicationStarted')),
      'every start of the stream stopped',
    );
    expect(recorderOf(a, cameraId)).toBeUndefined();
    await eventually(
      async () => (await heartbeatOf('recorder-b'))?.cameraIds.length === 0,
      "recorder-b's heartbeat naming no camera",
    );
  });
});
