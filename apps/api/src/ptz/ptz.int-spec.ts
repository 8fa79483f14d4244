// Manual PTZ through the API and the camera's recorder worker (its BullMQ queue), with a simulated PTZ camera (real
// ONVIF SOAP), PostgreSQL and Redis: sessions, priorities (Operator 3000, Owner 32000), the timeout, bad input.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { OPERATOR_ROLE_ID, ptzStream, VIEWER_ROLE_ID, type StoredEvent } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { SimulatedCamera } from '@vigil/media';
import { startRecorderTestApp } from '../../../recorder-worker/src/testing/recorder-test-app';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp } from '../testing/api-test-app';

const CREDENTIALS = { username: 'admin', password: 'Man-PTZ-pass1' };
const PASSWORD = 'Str0ng-Passw0rd!';
const ENTRANCE = { x: -0.5, y: 0.2, zoom: 0 };
const PARKING = { x: 0.5, y: -0.1, zoom: 0.5 };
const GATE = { x: 0.9, y: 0.3, zoom: 1 };
const TIMEOUT_SECONDS = 8; // short enough to wait for, long enough for a step of the scenario

describe('manual PTZ through the API and the recorder worker', () => {
  let api: ApiTestApp;
  let recorder: INestApplication;
  let camera: SimulatedCamera;
  let store: PostgresEventStore;
  let storage: string;
  let cameraId: string;
  let owner: string;
  let ann: string; // Operator
  let bob: string; // Operator
  let vic: string; // Viewer
  let userIds: Record<string, string>;
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;

  const ptz = (token: string, route: string, body?: object) => {
    const call = api.http().post(`/api/cameras/${cameraId}/ptz/${route}`).set('Authorization', token);
    return body === undefined ? call : call.send(body);
  };
  const release = (token: string) =>
    api.http().delete(`/api/cameras/${cameraId}/ptz/session`).set('Authorization', token).expect(204);
  const ptzEvents = (): Promise<StoredEvent[]> => readAllOf(store.readStream(ptzStream(cameraId)));

  beforeAll(async () => {
    camera = await SimulatedCamera.start({
      name: 'manual-ptz-cam',
      credentials: CREDENTIALS,
      width: 320,
      height: 180,
      fps: 10,
      rtspUri: 'rtsp://127.0.0.1:1/none', // PTZ only: the recorder's stream of it stays down
      snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    });
    api = await startApiTestApp({
      QUEUE_PREFIX: prefix,
      PTZ_MANUAL_SESSION_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    });
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = bearer(await login(api, 'owner', OWNER_PASSWORD));
    userIds = {};
    for (const [userName, roleId] of [
      ['ann', OPERATOR_ROLE_ID],
      ['bob', OPERATOR_ROLE_ID],
      ['vic', VIEWER_ROLE_ID],
    ] as const) {
      const created = await api
        .http()
        .post('/api/users')
        .set('Authorization', owner)
        .send({ userName, displayName: userName, password: PASSWORD, roleIds: [roleId] })
        .expect(201);
      userIds[userName] = (created.body as { userId: string }).userId;
    }
    ann = bearer(await login(api, 'ann', PASSWORD));
    bob = bearer(await login(api, 'bob', PASSWORD));
    vic = bearer(await login(api, 'vic', PASSWORD));
    // Given the PTZ camera added through the API (the default recorder drives it)
    const added = await api
      .http()
      .post('/api/cameras')
      .set('Authorization', owner)
      .send({ address: camera.onvifUrl, ...CREDENTIALS })
      .expect(201);
    cameraId = (added.body as { cameraId: string }).cameraId;
    storage = mkdtempSync(join(tmpdir(), 'vigil-ptz-'));
    recorder = await startRecorderTestApp(
      { databaseUrl: api.databaseUrl, queuePrefix: prefix, recordingsDir: storage },
      { PRE_BUFFER_SECONDS: '0' },
    );
  });

  afterAll(async () => {
    await recorder?.close();
    await store?.close();
    await api?.close();
    await camera?.close();
    if (storage !== undefined) {
      rmSync(storage, { recursive: true, force: true });
    }
  });

  it('given a free camera, when an operator sends it to a preset, then it goes there and their session starts with priority 3000', async () => {
    const response = await ptz(ann, 'preset', { presetToken: '2' }).expect(200);

    expect(response.body).toMatchObject({ userId: userIds.ann, priority: 3_000 });
    expect(camera.ptzPosition()).toEqual(PARKING);
    expect((await ptzEvents()).map((event) => event.type)).toEqual(['PTZManualSessionStarted']);
    const current = await api.http().get(`/api/cameras/${cameraId}/ptz/session`).set('Authorization', ann).expect(200);
    expect(current.body).toEqual({ session: response.body as object });
    await release(ann);
  });

  it('moves continuously and stops, and moves relatively, in one session', async () => {
    await ptz(ann, 'home').expect(200);
    await ptz(ann, 'move', { mode: 'continuous', x: 0.5, y: 0, zoom: 0, timeoutMs: 30_000 }).expect(200);
    await eventually(() => camera.ptzPosition().x > 0, 'the head turning right');
    await ptz(ann, 'stop').expect(200);
    expect(camera.state().ptz.moving).toBe(false);

    await ptz(ann, 'home').expect(200);
    await ptz(ann, 'move', { mode: 'relative', x: -0.25, y: 0.5, zoom: 0.25 }).expect(200);

    expect(camera.ptzPosition()).toEqual({ x: -0.25, y: 0.5, zoom: 0.25 });
    const types = (await ptzEvents()).map((event) => event.type);
    expect(types.filter((type) => type === 'PTZManualSessionStarted')).toHaveLength(2); // the first test's, and this one
    await release(ann);
  });

  it("given an operator's session, when another operator of the same priority moves the camera, then 409 PTZ_SESSION_HELD and it stays", async () => {
    await ptz(ann, 'preset', { presetToken: '1' }).expect(200);

    const refused = await ptz(bob, 'preset', { presetToken: '3' }).expect(409);

    expect(refused.body).toMatchObject({
      code: 'PTZ_SESSION_HELD',
      details: { holderUserId: userIds.ann, holderPriority: 3_000, priority: 3_000 },
    });
    expect(camera.ptzPosition()).toEqual(ENTRANCE);
  });

  it("given an operator's session, when the Owner (32000) moves the camera, then it takes the camera over and the operator is refused", async () => {
    await ptz(owner, 'preset', { presetToken: '3' }).expect(200);

    expect(camera.ptzPosition()).toEqual(GATE);
    expect((await ptzEvents()).slice(-2)).toMatchObject([
      { type: 'PTZManualSessionStopped', data: { userId: userIds.ann, reason: 'takenOver', byPriority: 32_000 } },
      { type: 'PTZManualSessionStarted', data: { priority: 32_000 } },
    ]);
    await ptz(ann, 'preset', { presetToken: '1' }).expect(409);
    expect(camera.ptzPosition()).toEqual(GATE);
  });

  it('given a session left alone, then it times out by itself, and another operator may take the camera', async () => {
    // given the Owner's session of the previous test, left alone
    const timedOut = await eventually(
      async () =>
        (await ptzEvents()).find(
          (event) =>
            event.type === 'PTZManualSessionStopped' && (event.data as { reason: string }).reason === 'timeout',
        ),
      'the session timed out',
      4 * TIMEOUT_SECONDS * 1_000,
    );

    const ownerSession = (await ptzEvents()).find(
      (event) => event.type === 'PTZManualSessionStarted' && (event.data as { priority: number }).priority === 32_000,
    );
    expect(timedOut.data).toMatchObject({ sessionId: (ownerSession?.data as { sessionId: string }).sessionId });
    await ptz(bob, 'preset', { presetToken: '2' }).expect(200);
    expect(camera.ptzPosition()).toEqual(PARKING);
    await release(bob);
  });

  it('refuses bad input, unknown presets and callers without the PTZ permission, with codes', async () => {
    await ptz(ann, 'move', { mode: 'continuous', x: 'left', y: 0, zoom: 0 }).expect(400);
    await ptz(ann, 'move', { mode: 'warp', x: 0, y: 0, zoom: 0 }).expect(400);
    expect((await ptz(ann, 'move', { mode: 'continuous', x: 1.5, y: 0, zoom: 0 }).expect(422)).body).toMatchObject({
      code: 'PTZ_MOVE_INVALID',
    });
    expect((await ptz(ann, 'preset', { presetToken: '42' }).expect(422)).body).toMatchObject({
      code: 'PTZ_PRESET_UNKNOWN',
    });
    expect((await ptz(vic, 'preset', { presetToken: '1' }).expect(403)).body).toMatchObject({ code: 'FORBIDDEN' });
    await api.http().post(`/api/cameras/${randomUUID()}/ptz/home`).set('Authorization', ann).expect(404);
    expect(camera.ptzPosition()).toEqual(PARKING);
    await release(ann);
  });

  it("refuses a Move to preset rule naming a preset no camera has (UNKNOWN_PRESET), and takes one of the camera's", async () => {
    const rule = (presetId: string) => ({
      name: `Look at ${presetId}`,
      description: '',
      active: false,
      trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: [cameraId] } },
      conditions: [],
      actions: [
        { type: 'MoveToPreset', presetId, priority: 1_000, target: { kind: 'devices', deviceIds: [cameraId] } },
      ],
    });

    const refused = await api.http().post('/api/rules').set('Authorization', owner).send(rule('42')).expect(422);
    expect(refused.body).toMatchObject({ code: 'RULE_INVALID' });
    expect((refused.body as { details: { problems: string[] } }).details.problems.join('\n')).toContain(
      'UNKNOWN_PRESET',
    );
    await api.http().post('/api/rules').set('Authorization', owner).send(rule('2')).expect(201);
  });
});
