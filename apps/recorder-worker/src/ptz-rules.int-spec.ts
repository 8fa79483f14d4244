// End to end, all in one process but each app as it runs in production: the API (cameras, generic events, rules,
// manual PTZ), the rule engine and the recorder worker, on one database and one queue prefix, with a simulated PTZ
// camera (real ONVIF SOAP, real RTSP). A string sent on the generic-event TCP port fires a rule whose action moves
// the camera to a preset (FEATURES 1.5 A12, issue 6 item 7); "Go to Preset when PTZ is done" sends the camera home
// when an operator's session ends (FEATURES 1.4, 8.2).
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DEFAULT_RULE_IDS, ptzStream, type StoredEvent } from '@vigil/domain';
import { createHealthApp, PostgresEventStore, validateEnv } from '@vigil/infrastructure';
import { CameraFleet, withOnvifPtz } from '@vigil/media';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp } from '../../api/src/testing/api-test-app';
import { startRuleEngineTestApp, type RuleEngineTestApp } from '../../rule-engine/src/testing/rule-engine-test-app';
import { readAllOf } from '../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually, freePort } from '../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecorderEnv } from './config/recorder.env';
import { RecorderWorkerModule } from './recorder-worker.module';

const CACHE_DIR = join(__dirname, '../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 'Pr3set-Pass' };
const PARKING = { x: 0.5, y: -0.1, zoom: 0.5 }; // the simulator's preset 2

describe('PTZ rules end to end (API, rule engine, recorder worker, simulated camera)', () => {
  let api: ApiTestApp;
  let engine: RuleEngineTestApp;
  let recorder: INestApplication;
  let fleet: CameraFleet;
  let store: PostgresEventStore;
  let storage: string;
  let token: string;
  let cameraId: string;
  let port: number;
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;

  const eventsOfType = (type: string): Promise<StoredEvent[]> =>
    readAllOf(store.readAll({ filter: { eventTypes: [type] } }));

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
    api = await startApiTestApp({ QUEUE_PREFIX: prefix });
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    token = bearer(await login(api, 'owner', OWNER_PASSWORD));
    const camera = fleet.cameras[0];
    if (!camera) {
      throw new Error('no simulated camera');
    }
    // Given a PTZ camera added through the API (assigned to no recorder: the default recorder drives it)
    const added = await api
      .http()
      .post('/api/cameras')
      .set('Authorization', token)
      .send({ address: `127.0.0.1:${camera.port}`, ...CREDENTIALS })
      .expect(201);
    cameraId = (added.body as { cameraId: string }).cameraId;
    // and the Compatible generic-event data source listening on a free port
    port = await freePort();
    await api
      .http()
      .put('/api/generic-events/data-sources/compatible')
      .set('Authorization', token)
      .send({
        name: 'Compatible',
        enabled: true,
        port,
        protocol: 'tcp',
        ipVersion: 'ipv4',
        separatorBytes: [],
        echo: 'all',
        encoding: 'windows-1252',
        allowedAddresses: ['127.0.0.1'],
      })
      .expect(200);
    engine = await startRuleEngineTestApp(api.databaseUrl, { QUEUE_PREFIX: prefix });
    storage = mkdtempSync(join(tmpdir(), 'vigil-e2e-ptz-'));
    recorder = await createHealthApp(
      RecorderWorkerModule.forRoot(
        validateEnv(RecorderEnv, {
          DATABASE_URL: api.databaseUrl,
          REDIS_URL: process.env.REDIS_URL,
          QUEUE_PREFIX: prefix,
          LOG_LEVEL: 'error',
          RECORDINGS_DIR: storage,
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

  it('given a rule "Move to preset Parking on Gate opened", when "Gate opened" arrives on the TCP port, then the camera turns to Parking', async () => {
    // Given the camera's presets as discovered, a generic event and a rule that moves the camera to Parking on it
    const camera = await api.http().get(`/api/cameras/${cameraId}`).set('Authorization', token).expect(200);
    const parking = (
      camera.body as { capabilities: { ptz: { presets: { token: string; name: string }[] } } }
    ).capabilities.ptz.presets.find((preset) => preset.name === 'Parking');
    expect(parking).toBeDefined();
    const definition = await api
      .http()
      .post('/api/generic-events')
      .set('Authorization', token)
      .send({ name: 'Gate opened', enabled: true, expression: 'GATE-OPEN', expressionType: 'search', priority: 1 })
      .expect(201);
    await api
      .http()
      .post('/api/rules')
      .set('Authorization', token)
      .send({
        name: 'Look at the parking when the gate opens',
        description: '',
        active: true,
        trigger: {
          kind: 'event',
          eventType: 'GenericEventReceived',
          eventId: (definition.body as { genericEventId: string }).genericEventId,
          sources: { kind: 'external' },
        },
        conditions: [],
        actions: [
          {
            type: 'MoveToPreset',
            presetId: parking?.token,
            priority: 1_000,
            target: { kind: 'devices', deviceIds: [cameraId] },
          },
        ],
      })
      .expect(201);
    const simulated = fleet.cameras[0] as (typeof fleet.cameras)[number];
    expect(simulated.ptzPosition()).toEqual({ x: 0, y: 0, zoom: 0 });

    // When the string is sent on the generic-event TCP port
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    const echoed = new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    socket.write('GATE-OPEN north');
    expect(await echoed).toBe('GATE-OPEN north');
    socket.destroy();

    // Then the rule fired, and the camera's head is at Parking (as its ONVIF GetStatus says)
    await eventually(async () => (await eventsOfType('RuleFired')).length > 0, 'the rule firing');
    await eventually(
      () => simulated.ptzPosition().x === PARKING.x && simulated.ptzPosition().zoom === PARKING.zoom,
      'the head at Parking',
      60_000,
    );
    const status = await withOnvifPtz({ address: simulated.onvifUrl, ...CREDENTIALS }, (ptz) => ptz.status());
    expect(status).toEqual({ position: PARKING, moving: false });
  });

  it('given "Go to Preset when PTZ is done" active, when an operator ends their session, then the camera goes to its default preset (home)', async () => {
    // Given the default rule activated, and an operator's session that sent the camera to Gate
    await api
      .http()
      .post(`/api/rules/${DEFAULT_RULE_IDS.goToPresetWhenPtzIsDone}/activate`)
      .set('Authorization', token)
      .expect(204);
    const simulated = fleet.cameras[0] as (typeof fleet.cameras)[number];
    await api
      .http()
      .post(`/api/cameras/${cameraId}/ptz/preset`)
      .set('Authorization', token)
      .send({ presetToken: '3' })
      .expect(200);
    expect(simulated.ptzPosition()).toEqual({ x: 0.9, y: 0.3, zoom: 1 });

    // When the operator releases the camera
    await api.http().delete(`/api/cameras/${cameraId}/ptz/session`).set('Authorization', token).expect(204);

    // Then PTZ Manual Session Stopped fired the rule, and the camera is home
    expect((await readAllOf(store.readStream(ptzStream(cameraId)))).at(-1)?.type).toBe('PTZManualSessionStopped');
    await eventually(
      () => simulated.ptzPosition().x === 0 && simulated.ptzPosition().zoom === 0,
      'the head at home',
      60_000,
    );
    expect(simulated.ptzPosition()).toEqual({ x: 0, y: 0, zoom: 0 });
  });
});
