// End to end, all in one process but each app as it runs in production: the API (cameras, generic events, rules,
// manual PTZ), the rule engine and the recorder worker, on one database and one queue prefix, with a simulated PTZ
// camera (real ONVIF SOAP, real RTSP). A string sent on the generic-event TCP port fires a rule whose action moves
// the camera to a preset (FEATURES 1.5 A12, issue 6 item 7); "Go to Preset when PTZ is done" sends the camera home
// when an operator's session ends (FEATURES 1.4, 8.2).
import { createConnection } from 'node:net';
import { DEFAULT_RULE_IDS, ptzStream, type StoredEvent } from '@vigil/domain';
import type { PostgresEventStore } from '@vigil/infrastructure';
import { withOnvifPtz } from '@vigil/media';
import type { ApiTestApp } from '../../api/src/testing/api-test-app';
import { readAllOf } from '../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually, freePort } from '../../../libs/infrastructure/src/testing/wait.fixtures';
import { startCameraSite, type CameraSite } from './testing/camera-site.test-bed';

const CREDENTIALS = { username: 'admin', password: 'Pr3set-Pass' };
const PARKING = { x: 0.5, y: -0.1, zoom: 0.5 }; // the simulator's preset 2

describe('PTZ rules end to end (API, rule engine, recorder worker, simulated camera)', () => {
  let site: CameraSite;
  let api: ApiTestApp;
  let store: PostgresEventStore;
  let token: string;
  let cameraId: string;
  let port: number;

  const eventsOfType = (type: string): Promise<StoredEvent[]> =>
    readAllOf(store.readAll({ filter: { eventTypes: [type] } }));

  beforeAll(async () => {
    // Given a PTZ camera added through the API (assigned to no recorder: the default recorder drives it)
    site = await startCameraSite(CREDENTIALS);
    ({ api, store, cameraId, authorization: token } = site);
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
    await site.startRuleEngine();
    await site.startRecorder();
  });

  afterAll(async () => {
    await site?.close();
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
    const simulated = site.camera;
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
    const simulated = site.camera;
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
