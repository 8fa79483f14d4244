// End to end, all in one process but each app as it runs in production: the API (cameras API, default rules), the
// rule engine and the recorder worker, on one database and one queue prefix, with a simulated camera (real ONVIF
// events, real RTSP, real ffmpeg). Record on Motion: motion on the camera records from 3 s before the motion to 3 s
// after it stopped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  cameraStream,
  communicationStream,
  recordingStream,
  type RecordingStarted,
  type RecordingStopped,
  type StoredEvent,
} from '@vigil/domain';
import { createHealthApp, PostgresEventStore, validateEnv } from '@vigil/infrastructure';
import { CameraFleet } from '@vigil/media';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp } from '../../api/src/testing/api-test-app';
import { startRuleEngineTestApp, type RuleEngineTestApp } from '../../rule-engine/src/testing/rule-engine-test-app';
import { readAllOf } from '../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually } from '../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecorderEnv } from './config/recorder.env';
import { RecorderWorkerModule } from './recorder-worker.module';
import { RecordingService } from './recording/recording.service';

const CACHE_DIR = join(__dirname, '../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 'M0tion-Pass' };
const GOP_MS = 1_000; // the simulator's stream: an IDR every second
const SLACK_MS = 250; // arrival jitter of a keyframe

describe('Record on Motion end to end (API, rule engine, recorder worker, simulated camera)', () => {
  let api: ApiTestApp;
  let engine: RuleEngineTestApp;
  let recorder: INestApplication;
  let fleet: CameraFleet;
  let store: PostgresEventStore;
  let storage: string;
  let cameraId: string;

  const eventsOf = (stream: string): Promise<StoredEvent[]> => readAllOf(store.readStream(stream));
  const waitFor = <T>(stream: string, type: string, what = `${type} on ${stream}`): Promise<T> =>
    eventually(
      async () => (await eventsOf(stream)).find((event) => event.type === type)?.data as T | undefined,
      what,
      60_000,
    );

  beforeAll(async () => {
    fleet = await CameraFleet.start({
      count: 1,
      width: 320,
      height: 180,
      fps: 10,
      loopSeconds: 2,
      cacheDir: CACHE_DIR,
      credentials: CREDENTIALS,
    });
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    const owner = await login(api, 'owner', OWNER_PASSWORD);
    const camera = fleet.cameras[0];
    if (!camera) {
      throw new Error('no simulated camera');
    }
    // Given a camera added through the API (assigned to no recorder: the default recorder records it)
    const added = await api
      .http()
      .post('/api/cameras')
      .set('Authorization', bearer(owner))
      .send({ address: `127.0.0.1:${camera.port}`, ...CREDENTIALS })
      .expect(201);
    cameraId = (added.body as { cameraId: string }).cameraId;
    engine = await startRuleEngineTestApp(api.databaseUrl);
    storage = mkdtempSync(join(tmpdir(), 'vigil-e2e-recordings-'));
    recorder = await createHealthApp(
      RecorderWorkerModule.forRoot(
        validateEnv(RecorderEnv, {
          DATABASE_URL: api.databaseUrl,
          REDIS_URL: process.env.REDIS_URL,
          QUEUE_PREFIX: engine.prefix,
          LOG_LEVEL: 'error',
          RECORDINGS_DIR: storage,
          PRE_BUFFER_SECONDS: '6',
          COMMUNICATION_ERROR_DEBOUNCE_SECONDS: '1',
        }),
      ),
    );
    await recorder.init();
  });

  afterAll(async () => {
    await recorder?.close();
    await engine?.close();
    await store?.close();
    await api?.close();
    await fleet?.close();
    if (storage !== undefined) {
      rmSync(storage, { recursive: true, force: true });
    }
  });

  it('given Record on Motion, when motion starts and stops on the camera, then the recording runs from 3 s before the motion to 3 s after it stopped', async () => {
    // Given the camera streaming to its recorder with more than 3 s of pre-buffer, and its events followed
    const camera = fleet.cameras[0] as (typeof fleet.cameras)[number];
    await waitFor(communicationStream(cameraId), 'CommunicationStarted');
    await eventually(() => camera.subscriptionCount() > 0, 'the pull-point subscription');
    await eventually(() => {
      const since = recorder.get(RecordingService).recorderOf(cameraId)?.bufferedSince;
      return since !== undefined && since < Date.now() - 4_500;
    }, 'a 4.5 s pre-buffer');

    // When motion starts, and stops once the recording runs
    camera.startMotion();
    const motionStarted = await waitFor<{ at: number }>(cameraStream(cameraId), 'MotionStarted');
    const started = await waitFor<RecordingStarted['data']>(recordingStream(cameraId), 'RecordingStarted');
    camera.stopMotion();
    const motionStopped = await eventually(
      async () =>
        (await eventsOf(cameraStream(cameraId))).find((event) => event.type === 'MotionStopped')?.data as
          { at: number } | undefined,
      'MotionStopped',
    );
    const stopped = await waitFor<RecordingStopped['data']>(recordingStream(cameraId), 'RecordingStopped');

    // Then the recording covers [motion − 3 s, motion stopped + 3 s], its media from at most one GOP earlier
    expect(started.from).toBe(started.triggeredAt - 3_000);
    expect(started.triggeredAt).toBe(motionStarted.at);
    expect(stopped.to).toBeGreaterThanOrEqual(motionStopped.at + 3_000);
    expect(stopped.media?.from).toBeLessThanOrEqual(motionStarted.at - 3_000 + SLACK_MS);
    expect(stopped.media?.from).toBeGreaterThanOrEqual(motionStarted.at - 3_000 - GOP_MS - SLACK_MS);
    expect(stopped.media?.to).toBeGreaterThanOrEqual(motionStopped.at + 3_000 - SLACK_MS);
  });
});
