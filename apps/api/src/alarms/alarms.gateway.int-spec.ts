import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { AlarmFeedMessage } from '@vigil/domain';
import { PostgresEventStore, validateEnv } from '@vigil/infrastructure';
import { SimulatedCamera } from '@vigil/media';
import { io, type Socket } from 'socket.io-client';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { createApiApp } from '../api.app';
import { ApiEnv } from '../config/api.env';
import { raiseAlarm } from '../testing/raise-alarm';
import type { AlarmSocketReply } from './alarms.gateway';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';

const PASSWORD = 'Str0ng-Passw0rd!';
const SOCKET_ENV = {
  ALARM_SOCKET_SESSION_CHECK_SECONDS: '1',
  ALARM_SOCKET_MESSAGES_PER_SECOND: '5',
  VIGIL_SECRETS_KEY: 's'.repeat(40),
};
const CAMERA_CREDENTIALS = { username: 'admin', password: 'Cam-s3cret-Pass!' };

/** A client of the alarm namespace that records what it receives. */
type Operator = Readonly<{
  socket: Socket;
  alarms: AlarmFeedMessage[];
  ended: string[];
  ready: Promise<{ position: string | null; resumed: boolean }>;
}>;

describe('alarms over WebSockets', () => {
  let api: ApiTestApp;
  let owner: Session;
  let store: PostgresEventStore;
  let baseUrl: string;
  const sockets: Socket[] = [];

  const asOwner = <T extends { set: (name: string, value: string) => T }>(call: T): T =>
    call.set('Authorization', bearer(owner));

  const connect = (url: string, auth: Record<string, unknown>): Operator => {
    const socket = io(`${url}/alarms`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const alarms: AlarmFeedMessage[] = [];
    const ended: string[] = [];
    socket.on('alarms', (messages: AlarmFeedMessage[]) => alarms.push(...messages));
    socket.on('session-ended', ({ code }: { code: string }) => ended.push(code));
    const ready = new Promise<{ position: string | null; resumed: boolean }>((resolve) =>
      socket.once('ready', resolve),
    );
    return { socket, alarms, ended, ready };
  };

  /** The code of a refused connection (connect_error data). */
  const refusedWith = (url: string, auth: Record<string, unknown>): Promise<string> =>
    new Promise((resolve) => {
      const { socket } = connect(url, auth);
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? ''));
      socket.once('connect', () => resolve('connected'));
    });

  const raise = async (sourceDeviceId?: string, alarmDefinitionId = 'definition-door'): Promise<string> => {
    const { alarmId } = await raiseAlarm(store, {
      alarmDefinitionId,
      name: 'Door forced',
      ...(sourceDeviceId === undefined ? {} : { sourceDeviceId }),
    });
    return alarmId;
  };

  /** Sends a command over the socket and resolves with its acknowledgement. */
  const send = (operator: Operator, command: unknown): Promise<AlarmSocketReply> =>
    new Promise((resolve) => operator.socket.emit('command', command, resolve));

  /** Waits until the API's alarm list has the alarm (its projection follows the store). */
  const listed = (alarmId: string): Promise<boolean> =>
    eventually(
      async () => (await asOwner(api.http().get(`/api/alarms/${alarmId}`))).status === 200,
      `alarm ${alarmId} in the alarm list`,
    );

  const userWithRole = async (userName: string, role: object): Promise<Session> => {
    const created = await asOwner(api.http().post('/api/roles'))
      .send({ description: '', ...role })
      .expect(201);
    const { roleId } = created.body as { roleId: string };
    await asOwner(api.http().post('/api/users'))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds: [roleId] })
      .expect(201);
    return login(api, userName, PASSWORD);
  };

  const listen = async (app: INestApplication): Promise<string> => {
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  };

  beforeAll(async () => {
    api = await startApiTestApp(SOCKET_ENV);
    baseUrl = await listen(api.app);
    owner = await login(api, 'owner', OWNER_PASSWORD);
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) {
      socket.disconnect();
    }
  });
  afterAll(async () => {
    await store.close();
    await api.close();
  });

  it('given an operator who may see one camera, when alarms are raised, then they receive only the alarms they may see', async () => {
    // Given
    const operator = await userWithRole('gate-operator', {
      name: 'Gate operators',
      grants: { 'alarms.view': 'allow' },
      cameraGrants: [{ scope: { kind: 'camera', cameraId: 'cam-gate' }, permissions: { viewLive: 'allow' } }],
    });
    const watching = connect(baseUrl, { token: operator.accessToken });
    const everything = connect(baseUrl, { token: owner.accessToken });
    await Promise.all([watching.ready, everything.ready]);

    // When
    const gate = await raise('cam-gate');
    const vault = await raise('cam-vault');
    const external = await raise();

    // Then
    await eventually(() => everything.alarms.length === 3, 'the owner to receive the three alarms');
    await eventually(() => watching.alarms.length === 2, 'the operator to receive two alarms');
    expect(watching.alarms.map((message) => message.alarmId)).toEqual([gate, external]);
    expect(everything.alarms.map((message) => message.alarmId)).toEqual([gate, vault, external]);
    expect(everything.alarms[0]).toMatchObject({ kind: 'raised', type: 'AlarmRaised', revision: 0 });
  });

  it('given operators restricted by alarm definition and by device group, then each receives only the alarms they may see, and View alone handles nothing', async () => {
    // Given a camera in a Perimeter group, and alarm definitions for fire and intrusion
    const camera = await SimulatedCamera.start({
      name: 'fence-cam',
      credentials: CAMERA_CREDENTIALS,
      width: 640,
      height: 360,
      fps: 25,
      rtspUri: 'rtsp://127.0.0.1:8554/fence-cam',
      snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    });
    try {
      const added = await asOwner(api.http().post('/api/cameras'))
        .send({ address: `127.0.0.1:${camera.port}`, ...CAMERA_CREDENTIALS, name: 'Fence' })
        .expect(201);
      const fenceId = (added.body as { cameraId: string }).cameraId;
      const group = await asOwner(api.http().post('/api/device-groups'))
        .send({ name: 'Perimeter', memberIds: [fenceId] })
        .expect(201);
      const perimeterId = (group.body as { deviceGroupId: string }).deviceGroupId;
      const definition = async (name: string): Promise<string> => {
        const created = await asOwner(api.http().post('/api/alarm-definitions'))
          .send({
            name,
            triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'all', deviceKinds: ['cameras'] } },
          })
          .expect(201);
        return (created.body as { alarmDefinitionId: string }).alarmDefinitionId;
      };
      const fireId = await definition('Fire');
      const intrusionId = await definition('Intrusion');
      const handling = { 'alarms.view': 'allow', 'alarms.manage': 'allow' };
      const everyCamera = [{ scope: { kind: 'all' }, permissions: { viewLive: 'allow' } }];
      // A fire watcher with View only on Fire, two with Write on Fire through different roles (one audience), and a
      // perimeter guard who sees the group's cameras only
      const fireViewer = await userWithRole('fire-viewer', {
        name: 'Fire viewers',
        grants: handling,
        cameraGrants: everyCamera,
        alarmDefinitionGrants: [
          { scope: { kind: 'definition', alarmDefinitionId: fireId }, permissions: { view: 'allow' } },
        ],
      });
      const fireHandlerRole = {
        grants: handling,
        cameraGrants: everyCamera,
        alarmDefinitionGrants: [
          { scope: { kind: 'definition', alarmDefinitionId: fireId }, permissions: { write: 'allow' } },
        ],
      };
      const fireHandler = await userWithRole('fire-handler', { name: 'Fire handlers', ...fireHandlerRole });
      const fireChief = await userWithRole('fire-chief', {
        name: 'Fire chiefs',
        ...fireHandlerRole,
        cameraGrants: [
          ...everyCamera,
          { scope: { kind: 'group', groupId: perimeterId }, permissions: { playback: 'allow' } },
        ],
      });
      const guard = await userWithRole('perimeter-guard', {
        name: 'Perimeter guards',
        grants: handling,
        cameraGrants: [{ scope: { kind: 'group', groupId: perimeterId }, permissions: { viewLive: 'allow' } }],
      });
      const [viewing, handler, chief, guarding] = [fireViewer, fireHandler, fireChief, guard].map((session) =>
        connect(baseUrl, { token: session.accessToken }),
      );
      const everything = connect(baseUrl, { token: owner.accessToken });
      await Promise.all([viewing, handler, chief, guarding, everything].map((operator) => operator!.ready));

      // When alarms of both definitions are raised at the fence and elsewhere
      const fireAtFence = await raise(fenceId, fireId);
      const intrusionAtFence = await raise(fenceId, intrusionId);
      const fireInHall = await raise('cam-hall', fireId);
      const intrusionInHall = await raise('cam-hall', intrusionId);

      // (and a last one that everybody may see: once it is there, everything before it is)
      const last = await raise(fenceId, fireId);

      // Then each receives exactly the alarms they may see
      const received = (operator: Operator) => operator.alarms.map((message) => message.alarmId);
      for (const operator of [guarding!, chief!, handler!, viewing!, everything]) {
        await eventually(() => received(operator).includes(last), 'the last alarm on every socket');
      }
      expect(received(guarding!)).toEqual([fireAtFence, intrusionAtFence, last]);
      expect(received(chief!)).toEqual([fireAtFence, fireInHall, last]);
      expect(received(handler!)).toEqual([fireAtFence, fireInHall, last]);
      expect(received(viewing!)).toEqual([fireAtFence, fireInHall, last]);
      expect(received(everything)).toEqual([fireAtFence, intrusionAtFence, fireInHall, intrusionInHall, last]);

      // And the viewer's commands are refused (403 with View only, 404 without View), the handler's are not
      await listed(intrusionInHall);
      expect(await send(viewing!, { type: 'acknowledge', alarmId: fireInHall })).toMatchObject({
        ok: false,
        statusCode: 403,
        code: 'FORBIDDEN',
      });
      expect(await send(viewing!, { type: 'acknowledge', alarmId: intrusionInHall })).toMatchObject({
        ok: false,
        statusCode: 404,
        code: 'ALARM_NOT_FOUND',
      });
      expect(await send(handler!, { type: 'acknowledge', alarmId: fireInHall })).toEqual({ ok: true });
      await eventually(
        () => viewing!.alarms.some((message) => message.type === 'AlarmAcknowledged'),
        'the viewer to see the acknowledgement',
      );
    } finally {
      await camera.close();
    }
  });

  it('refuses a connection without a valid token, without alarms.view, or with a malformed position', async () => {
    const noAlarms = await userWithRole('rules-clerk', {
      name: 'Rules clerks',
      grants: { 'rules.view': 'allow' },
      cameraGrants: [],
    });

    expect(await refusedWith(baseUrl, {})).toBe('UNAUTHENTICATED');
    expect(await refusedWith(baseUrl, { token: `${owner.accessToken}x` })).toBe('UNAUTHENTICATED');
    expect(await refusedWith(baseUrl, { token: noAlarms.accessToken })).toBe('FORBIDDEN');
    expect(await refusedWith(baseUrl, { token: owner.accessToken, since: 'yesterday' })).toBe('INVALID_POSITION');
    expect(await refusedWith(baseUrl, { token: owner.accessToken, since: { commit: 1 } })).toBe('INVALID_POSITION');
  });

  it('given a client cut off during a burst, when it reconnects from the last position it saw, then it has every alarm once and in order', async () => {
    // Given a client that sees the first alarms of a burst, then loses its connection
    const first = connect(baseUrl, { token: owner.accessToken });
    await first.ready;
    const raised: string[] = [];
    const burst = (async () => {
      for (let n = 0; n < 200; n++) {
        raised.push(await raise(`cam-${n % 7}`));
      }
    })();
    await eventually(() => first.alarms.length >= 20, 'the first alarms of the burst');
    first.socket.disconnect();
    const seen = [...first.alarms];
    const lastPosition = seen.at(-1)?.position;

    // When it reconnects from the last position it saw, while the burst goes on
    const resumed = connect(baseUrl, { token: owner.accessToken, since: lastPosition });
    await burst;

    // Then every alarm arrives once, in the order raised
    await eventually(() => seen.length + resumed.alarms.length >= 200, 'the rest of the burst');
    await expect(resumed.ready).resolves.toMatchObject({ resumed: true });
    const all = [...seen, ...resumed.alarms].map((message) => message.alarmId);
    expect(all).toEqual(raised);
  });

  it('given an operator connected, when their session is logged out, then the socket is ended at once', async () => {
    const session = await login(api, 'owner', OWNER_PASSWORD);
    const operator = connect(baseUrl, { token: session.accessToken });
    await operator.ready;
    const disconnected = new Promise<void>((resolve) => operator.socket.once('disconnect', () => resolve()));

    await api.http().post('/api/auth/logout').set('Authorization', bearer(session)).expect(204);

    await disconnected;
    expect(operator.ended).toEqual(['SESSION_ENDED']);
  });

  it('given an operator with alarms.manage, when they handle an alarm over the socket, then each command is acknowledged with the outcome of its REST route', async () => {
    // Given
    const handler = connect(baseUrl, { token: owner.accessToken });
    await handler.ready;
    const alarmId = await raise('cam-dock');
    await listed(alarmId);

    // When
    const acknowledged = await send(handler, { type: 'acknowledge', alarmId });
    const again = await send(handler, { type: 'acknowledge', alarmId });
    const commented = await send(handler, { type: 'comment', alarmId, text: 'guard on the way' });
    const closed = await send(handler, { type: 'close', alarmId });
    const afterClose = await send(handler, { type: 'acknowledge', alarmId });

    // Then
    expect(acknowledged).toEqual({ ok: true });
    expect(again).toMatchObject({ ok: false, statusCode: 409, code: 'ALARM_NOT_NEW' });
    expect(commented).toEqual({ ok: true });
    expect(closed).toEqual({ ok: true });
    expect(afterClose).toMatchObject({ ok: false, statusCode: 409, code: 'ALARM_CLOSED' });
    await eventually(
      () => handler.alarms.filter((message) => message.alarmId === alarmId).length === 4,
      'raised, acknowledged, commented and closed on the socket',
    );
    expect(handler.alarms.filter((message) => message.alarmId === alarmId).map((message) => message.type)).toEqual([
      'AlarmRaised',
      'AlarmAcknowledged',
      'AlarmCommented',
      'AlarmClosed',
    ]);
  });

  it('answers malformed commands, commands without alarms.manage and commands on alarms out of sight, and keeps the socket', async () => {
    const viewer = await userWithRole('alarm-viewer', {
      name: 'Alarm viewers',
      grants: { 'alarms.view': 'allow' },
      cameraGrants: [],
    });
    const keeper = await userWithRole('gate-keeper', {
      name: 'Gate keepers',
      grants: { 'alarms.view': 'allow', 'alarms.manage': 'allow' },
      cameraGrants: [{ scope: { kind: 'camera', cameraId: 'cam-gate' }, permissions: { viewLive: 'allow' } }],
    });
    const ownerSocket = connect(baseUrl, { token: owner.accessToken });
    const viewing = connect(baseUrl, { token: viewer.accessToken });
    const keeping = connect(baseUrl, { token: keeper.accessToken });
    await Promise.all([ownerSocket.ready, viewing.ready, keeping.ready]);
    const vault = await raise('cam-vault');
    await listed(vault);

    expect(await send(ownerSocket, 'acknowledge')).toMatchObject({
      ok: false,
      statusCode: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await send(ownerSocket, { type: 'explode', alarmId: vault })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await send(ownerSocket, { type: 'assign', alarmId: vault })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await send(ownerSocket, { type: 'acknowledge', alarmId: vault, extra: 1 })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await send(viewing, { type: 'acknowledge', alarmId: vault })).toMatchObject({
      statusCode: 403,
      code: 'FORBIDDEN',
    });
    const outOfSight = await send(keeping, { type: 'acknowledge', alarmId: vault });
    const unknown = await send(keeping, { type: 'acknowledge', alarmId: 'a1b2c3d4-0000-4000-8000-000000000000' });
    // An alarm out of sight answers as one that does not exist (only the id in the message differs).
    expect(outOfSight).toMatchObject({ ok: false, statusCode: 404, code: 'ALARM_NOT_FOUND' });
    expect({ ...outOfSight, message: '' }).toEqual({ ...unknown, message: '' });
    expect(ownerSocket.socket.connected && viewing.socket.connected && keeping.socket.connected).toBe(true);
  });

  it('given a socket flooding commands, then it is refused and then disconnected, while another operator is served', async () => {
    const flooder = connect(baseUrl, { token: owner.accessToken });
    const calm = connect(baseUrl, { token: owner.accessToken });
    await Promise.all([flooder.ready, calm.ready]);
    const replies: { code?: string }[] = [];
    const disconnected = new Promise<void>((resolve) => flooder.socket.once('disconnect', () => resolve()));

    for (let n = 0; n < 200 && flooder.socket.connected; n++) {
      flooder.socket.emit('command', { type: 'nothing' }, (reply: { code?: string }) => replies.push(reply));
    }
    await disconnected;
    const alarmId = await raise('cam-calm');

    await eventually(
      () => calm.alarms.some((message) => message.alarmId === alarmId),
      'the calm operator to be served',
    );
    expect(replies.some((reply) => reply.code === 'RATE_LIMITED')).toBe(true);
    expect(flooder.ended).toEqual(['RATE_LIMITED']);
  });

  it('given two API processes, when an alarm is raised and a session is logged out on one, then operators on both are served and the session ends on both', async () => {
    // Given a second API process on the same database and Redis
    const second = await createApiApp(
      validateEnv(ApiEnv, {
        DATABASE_URL: api.databaseUrl,
        REDIS_URL: process.env.REDIS_URL,
        REDIS_KEY_PREFIX: new URL(api.databaseUrl).pathname.slice(1),
        LOG_LEVEL: 'error',
        ...SOCKET_ENV,
        // Its own session check would come too late: only the Redis adapter can end the socket there in time.
        ALARM_SOCKET_SESSION_CHECK_SECONDS: '300',
      }),
    );
    const secondUrl = await listen(second);
    try {
      const session = await login(api, 'owner', OWNER_PASSWORD);
      const onFirst = connect(baseUrl, { token: session.accessToken });
      const onSecond = connect(secondUrl, { token: session.accessToken });
      await Promise.all([onFirst.ready, onSecond.ready]);

      // When
      const alarmId = await raise('cam-lobby');

      // Then both receive it
      await eventually(() => onFirst.alarms.some((m) => m.alarmId === alarmId), 'the first process to deliver it');
      await eventually(() => onSecond.alarms.some((m) => m.alarmId === alarmId), 'the second process to deliver it');

      // When the session is logged out through the first process, then the socket on the second ends too
      const endedOnSecond = new Promise<void>((resolve) => onSecond.socket.once('disconnect', () => resolve()));
      await api.http().post('/api/auth/logout').set('Authorization', bearer(session)).expect(204);
      await endedOnSecond;
      expect(onSecond.ended).toEqual(['SESSION_ENDED']);
    } finally {
      await second.close();
    }
  });
});
