import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  ALARM_RETENTION_DAY_MS,
  ALARM_RETENTION_QUEUE,
  ALARM_RETENTION_SCHEDULER_ID,
  OPERATOR_ROLE_ID,
  alarmDecider,
  alarmStream,
  type AlarmFeedMessage,
  type StoredEvent,
} from '@vigil/domain';
import { handleCommand, PostgresEventStore } from '@vigil/infrastructure';
import { io, type Socket } from 'socket.io-client';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import {
  bearer,
  login,
  OWNER_PASSWORD,
  startApiTestApp,
  type ApiTestApp,
  type Session,
} from '../../../api/src/testing/api-test-app';
import { raiseAlarm } from '../../../api/src/testing/raise-alarm';
import { startRuleEngineTestApp, type RuleEngineTestApp } from '../testing/rule-engine-test-app';
import { AlarmRetentionWorker } from './alarm-retention.worker';

const DAY = ALARM_RETENTION_DAY_MS;
const PASSWORD = 'Str0ng-Passw0rd!';

describe('alarm retention (real API, rule engine, PostgreSQL, Redis and BullMQ)', () => {
  let api: ApiTestApp;
  let engine: RuleEngineTestApp | undefined;
  let store: PostgresEventStore;
  let owner: Session;
  let operator: Session;
  let baseUrl: string;
  const sockets: Socket[] = [];

  const as = <T extends { set: (name: string, value: string) => T }>(call: T, session = owner): T =>
    call.set('Authorization', bearer(session));
  const status = async (path: string): Promise<number> => (await as(api.http().get(path))).status;
  const setRetention = (closedAlarmsDays: number, openAlarmsDays: number) =>
    as(api.http().put('/api/alarm-settings/retention')).send({ closedAlarmsDays, openAlarmsDays }).expect(204);

  /** An alarm raised `ago` ms before now (its AlarmRaised says so), listed by the API before this returns. */
  const raisedAgo = async (ago: number): Promise<string> => {
    const { alarmId } = await raiseAlarm(store, { alarmDefinitionId: 'definition-door', now: Date.now() - ago });
    await eventually(async () => (await status(`/api/alarms/${alarmId}`)) === 200, `alarm ${alarmId} listed`);
    return alarmId;
  };
  /** Closes an alarm as an operator would have `ago` ms before now. */
  const closedAgo = async (alarmId: string, ago: number): Promise<void> => {
    await handleCommand(store, alarmStream(alarmId), alarmDecider, {
      type: 'CloseAlarm',
      data: {
        alarmId,
        byUserId: 'u-operator',
        now: Date.now() - ago,
        reasonsForClosing: { enabled: false, reasons: [] },
      },
    });
    await eventually(
      async () =>
        ((await as(api.http().get(`/api/alarms/${alarmId}`))).body as { stateLevel?: number }).stateLevel === 11,
      `alarm ${alarmId} closed in the list`,
    );
  };

  /** An operator's socket on the alarm namespace, recording the messages it receives. */
  const connect = async (session: Session): Promise<AlarmFeedMessage[]> => {
    const socket = io(`${baseUrl}/alarms`, {
      auth: { token: session.accessToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const received: AlarmFeedMessage[] = [];
    socket.on('alarms', (messages: AlarmFeedMessage[]) => received.push(...messages));
    await new Promise((resolve) => socket.once('ready', resolve));
    return received;
  };

  const expiries = async (): Promise<StoredEvent[]> =>
    readAllOf(store.readAll({ filter: { eventTypes: ['AlarmExpired'] } }));

  /** Starts the rule engine (and so the retention schedule, every second) once the test's alarms are in place. */
  const startEngine = async (): Promise<RuleEngineTestApp> => {
    engine ??= await startRuleEngineTestApp(api.databaseUrl, {
      QUEUE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      ALARM_RETENTION_CHECK_SECONDS: '1',
    });
    return engine;
  };
  const completedRuns = async (app: RuleEngineTestApp): Promise<number> =>
    (await app.queue(ALARM_RETENTION_QUEUE).getJobCounts('completed')).completed ?? 0;

  beforeAll(async () => {
    api = await startApiTestApp();
    await api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((api.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    await as(api.http().post('/api/users'))
      .send({ userName: 'olga', displayName: 'Olga', password: PASSWORD, roleIds: [OPERATOR_ROLE_ID] })
      .expect(201);
    operator = await login(api, 'olga', PASSWORD);
  });
  afterAll(async () => {
    for (const socket of sockets) {
      socket.disconnect();
    }
    await engine?.close();
    await store.close();
    await api.close();
  });

  it('given alarms older and younger than their retention, when the schedule runs (again and again), then only the expired ones leave, once each', async () => {
    // Given: closed alarms are kept 1 day after closing, others 2 days after raising
    await setRetention(1, 2);
    const closedLongAgo = await raisedAgo(3 * DAY);
    await closedAgo(closedLongAgo, 2 * DAY);
    const closedJustNow = await raisedAgo(3 * DAY);
    await as(api.http().post(`/api/alarms/${closedJustNow}/close`), operator)
      .send({})
      .expect(204);
    const openLongAgo = await raisedAgo(3 * DAY);
    await as(api.http().post(`/api/alarms/${openLongAgo}/acknowledge`), operator).expect(204);
    const openRecently = await raisedAgo(DAY);
    const received = await connect(operator);
    const closedJustNowRow = (await as(api.http().get(`/api/alarms/${closedJustNow}`)).expect(200)).body as {
      revision: number;
    };

    // When: the rule engine starts, its retention schedule runs every second; a run is also asked for directly
    const app = await startEngine();
    await eventually(async () => (await status(`/api/alarms/${closedLongAgo}`)) === 404, 'the old closed alarm gone');
    await eventually(async () => (await status(`/api/alarms/${openLongAgo}`)) === 404, 'the old open alarm gone');
    await app.app.get(AlarmRetentionWorker).enforcer.enforce(Date.now());
    const runs = await completedRuns(app);
    await eventually(async () => (await completedRuns(app)) >= runs + 2, 'two more scheduled runs');

    // Then: the expired alarms are gone from every route, as unknown alarms are
    for (const alarmId of [closedLongAgo, openLongAgo]) {
      const history = await as(api.http().get(`/api/alarms/${alarmId}/history`)).expect(404);
      expect(history.body).toMatchObject({ code: 'ALARM_NOT_FOUND', message: `alarm ${alarmId} does not exist` });
      const command = await as(api.http().post(`/api/alarms/${alarmId}/comments`), operator)
        .send({ text: 'still there?' })
        .expect(404);
      expect(command.body).toMatchObject({ code: 'ALARM_NOT_FOUND' });
    }
    const list = (await as(api.http().get('/api/alarms')).expect(200)).body as { alarms: { alarmId: string }[] };
    expect(list.alarms.map((alarm) => alarm.alarmId).sort()).toEqual([closedJustNow, openRecently].sort());
    // … the others stay, as they were
    expect(await status(`/api/alarms/${closedJustNow}/history`)).toBe(200);
    expect(closedJustNowRow.revision).toBe(1);
    // … one AlarmExpired each, however many runs there were, with the retention that expired it
    const expired = await expiries();
    expect(expired.map((event) => [event.streamId, event.data]).sort()).toEqual(
      [
        [
          alarmStream(closedLongAgo),
          expect.objectContaining({ reason: 'closedAlarmsRetention', retentionDays: 1, byUserId: 'system' }),
        ],
        [
          alarmStream(openLongAgo),
          expect.objectContaining({ reason: 'openAlarmsRetention', retentionDays: 2, byUserId: 'system' }),
        ],
      ].sort(),
    );
    // … and the operator's socket was told, with the revision after the alarm's last one
    await eventually(() => received.filter((message) => message.kind === 'expired').length === 2, 'two expiries');
    expect(
      received
        .filter((message) => message.kind === 'expired')
        .map((message) => message.alarmId)
        .sort(),
    ).toEqual([closedLongAgo, openLongAgo].sort());
    expect(received.find((message) => message.alarmId === openLongAgo)).toMatchObject({
      type: 'AlarmExpired',
      revision: 2,
    });
    // … by one scheduler with its fixed id, on a queue that runs one job at a time
    expect((await app.queue(ALARM_RETENTION_QUEUE).getJobSchedulers()).map((scheduler) => scheduler.key)).toEqual([
      ALARM_RETENTION_SCHEDULER_ID,
    ]);
    expect(await app.queue(ALARM_RETENTION_QUEUE).getGlobalConcurrency()).toBe(1);
  });

  it('given closed alarms kept 0 days, when an operator closes an alarm, then it leaves at the next run', async () => {
    // Given
    await setRetention(0, 30);
    const app = await startEngine();
    const alarmId = await raisedAgo(60_000);
    const received = await connect(operator);

    // When
    await as(api.http().post(`/api/alarms/${alarmId}/close`), operator)
      .send({})
      .expect(204);

    // Then
    await eventually(async () => (await status(`/api/alarms/${alarmId}`)) === 404, 'the closed alarm gone');
    await eventually(
      () => received.some((message) => message.alarmId === alarmId && message.kind === 'expired'),
      'the expiry on the socket',
    );
    const run = await app.app.get(AlarmRetentionWorker).enforcer.enforce(Date.now());
    expect(run.expired).toBe(0);
    expect((await expiries()).filter((event) => event.streamId === alarmStream(alarmId))).toHaveLength(1);
  });
});
