import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { PostgresEventStore } from '@vigil/infrastructure';
import { CameraFleet, type SimulatedCamera } from '@vigil/media';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp } from '../../../api/src/testing/api-test-app';
import { startRuleEngineTestApp, type RuleEngineTestApp } from '../../../rule-engine/src/testing/rule-engine-test-app';
import { startRecorderTestApp } from './recorder-test-app';

const CACHE_DIR = join(__dirname, '../../../../.data/media');

/**
 * The site of an end-to-end test, each app as it runs in production, on one database and one queue prefix: a
 * simulated camera (real ONVIF, real RTSP), the API with the camera added through it (assigned to no recorder: the
 * default recorder records and drives it), and, when the test asks, the rule engine and recorder workers.
 */
export type CameraSite = Readonly<{
  api: ApiTestApp;
  /** The site's event store, for asserting what was stored. */
  store: PostgresEventStore;
  camera: SimulatedCamera;
  cameraId: string;
  /** `Bearer <token>` of the Owner. */
  authorization: string;
  /** The BullMQ prefix of every app of the site. */
  prefix: string;
  /** The recorders' RECORDINGS_DIR. */
  storage: string;
  startRuleEngine: () => Promise<RuleEngineTestApp>;
  /** A recorder worker with the site's database, queues and storage; `env` adds or overrides variables. */
  startRecorder: (env?: Record<string, string>) => Promise<INestApplication>;
  /** Stops a recorder before the end (a restart); the others stop with `close`. */
  stopRecorder: (recorder: INestApplication) => Promise<void>;
  close: () => Promise<void>;
}>;

export const startCameraSite = async (credentials: Readonly<{ username: string; password: string }>) => {
  const fleet = await CameraFleet.start({
    count: 1,
    width: 320,
    height: 180,
    fps: 10,
    loopSeconds: 2,
    cacheDir: CACHE_DIR,
    credentials,
  });
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const api = await startApiTestApp({ QUEUE_PREFIX: prefix });
  const store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
  const storage = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
  const recorders = new Set<INestApplication>();
  let engine: RuleEngineTestApp | undefined;
  const close = async (): Promise<void> => {
    for (const recorder of recorders) {
      await recorder.close();
    }
    await engine?.close();
    await store.close();
    await api.close();
    await fleet.close();
    rmSync(storage, { recursive: true, force: true });
  };
  try {
    const camera = fleet.cameras[0];
    if (!camera) {
      throw new Error('no simulated camera');
    }
    const authorization = bearer(await login(api, 'owner', OWNER_PASSWORD));
    const added = await api
      .http()
      .post('/api/cameras')
      .set('Authorization', authorization)
      .send({ address: `127.0.0.1:${camera.port}`, ...credentials })
      .expect(201);
    const site: CameraSite = {
      api,
      store,
      camera,
      cameraId: (added.body as { cameraId: string }).cameraId,
      authorization,
      prefix,
      storage,
      startRuleEngine: async () => {
        engine = await startRuleEngineTestApp(api.databaseUrl, { QUEUE_PREFIX: prefix });
        return engine;
      },
      startRecorder: async (env = {}) => {
        const recorder = await startRecorderTestApp(
          { databaseUrl: api.databaseUrl, queuePrefix: prefix, recordingsDir: storage },
          env,
        );
        recorders.add(recorder);
        return recorder;
      },
      stopRecorder: async (recorder) => {
        recorders.delete(recorder);
        await recorder.close();
      },
      close,
    };
    return site;
  } catch (error) {
    await close();
    throw error;
  }
};
