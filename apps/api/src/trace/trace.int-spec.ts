import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { startRuleEngineTestApp, type RuleEngineTestApp } from '../../../rule-engine/src/testing/rule-engine-test-app';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp } from '../testing/api-test-app';
import type { RuleSimulation } from '../rules/rule-simulation.service';
import type { EventTrace } from './trace.service';

/** Office hours every day, in UTC: entered at 08:00 and left at 17:00. */
const dailyOfficeHours = {
  name: 'Daily office hours',
  description: '',
  timeZone: 'UTC',
  kind: 'schedule',
  entries: [
    {
      type: 'recurring',
      startTime: '08:00',
      endTime: '17:00',
      pattern: { kind: 'daily', everyNDays: 1 },
      range: { startDate: '2026-01-01', end: { kind: 'never' } },
    },
  ],
};

describe('trace and simulation (API and rule engine on one database and queue prefix)', () => {
  let api: ApiTestApp;
  let engine: RuleEngineTestApp;
  let store: PostgresEventStore;
  let token: string;
  const ids = { door: '', chained: '', logDoor: '' };

  const create = async <T>(path: string, body: object): Promise<T> => {
    const response = await api.http().post(path).set('Authorization', token).send(body);
    expect(response.status).toBe(201);
    return response.body as T;
  };
  const onUde = (userDefinedEventId: string) => ({
    kind: 'event',
    eventType: 'UserDefinedEventTriggered',
    eventId: userDefinedEventId,
    sources: { kind: 'external' },
  });
  const rule = (name: string, trigger: object, actions: object[], stop?: object) =>
    create<{ ruleId: string }>('/api/rules', {
      name,
      description: '',
      active: true,
      trigger,
      conditions: [],
      actions,
      ...(stop ? { stop } : {}),
    });

  beforeAll(async () => {
    const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    api = await startApiTestApp({ QUEUE_PREFIX: prefix });
    engine = await startRuleEngineTestApp(api.databaseUrl, { QUEUE_PREFIX: prefix });
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    token = bearer(await login(api, 'owner', OWNER_PASSWORD));
    // Given: Door → (log) and (trigger Chained); Chained → (log)
    ids.door = (
      await create<{ userDefinedEventId: string }>('/api/user-defined-events', { name: 'Door' })
    ).userDefinedEventId;
    ids.chained = (
      await create<{ userDefinedEventId: string }>('/api/user-defined-events', { name: 'Chained' })
    ).userDefinedEventId;
    ids.logDoor = (await rule('Log the door', onUde(ids.door), [{ type: 'MakeLogEntry', text: 'door' }])).ruleId;
    await rule('Chain the door', onUde(ids.door), [
      { type: 'TriggerUserDefinedEvent', userDefinedEventId: ids.chained },
    ]);
    await rule('Log the chain', onUde(ids.chained), [{ type: 'MakeLogEntry', text: 'chained' }]);
  });

  afterAll(async () => {
    await engine?.close();
    await store?.close();
    await api?.close();
  });

  it('given a triggered event, when its trace is asked for, then it shows the firings, their jobs and what they caused, through the chain', async () => {
    // When Door is triggered
    const triggered = await api
      .http()
      .post(`/api/user-defined-events/${ids.door}/trigger`)
      .set('Authorization', token)
      .send({})
      .expect(202);
    const { eventId } = triggered.body as { eventId: string };

    // Then its trace names both rules, their completed jobs, and the chained rule's log entry
    const trace = await eventually(async () => {
      const response = await api.http().get(`/api/events/${eventId}/trace`).set('Authorization', token);
      const body = response.body as EventTrace;
      const chain = body.firings?.find((f) => f.ruleName === 'Chain the door');
      const nested = chain?.effects.find((e) => e.type === 'UserDefinedEventTriggered');
      const done = nested?.firings[0]?.effects.some((e) => e.type === 'RuleLogEntryMade');
      return response.status === 200 && done ? body : undefined;
    }, 'the whole trace');
    expect(trace).toMatchObject({ eventId, type: 'UserDefinedEventTriggered' });
    expect(trace.firings.map((f) => f.ruleName)).toEqual(['Chain the door', 'Log the door']);
    const log = trace.firings.find((f) => f.ruleName === 'Log the door');
    expect(log?.actions[0]?.jobs[0]).toMatchObject({ name: 'MakeLogEntry', state: 'completed', attemptsMade: 1 });
    expect(log?.effects.map((e) => e.type)).toEqual(['RuleLogEntryMade']);
    const nested = trace.firings.find((f) => f.ruleName === 'Chain the door')?.effects[0];
    expect(nested?.firings.map((f) => f.ruleName)).toEqual(['Log the chain']);
  });

  it('given an unknown event id or a malformed one, then 404 EVENT_NOT_FOUND', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await api.http().get(`/api/events/${id}/trace`).set('Authorization', token);
      expect({ status: response.status, code: (response.body as { code: string }).code }).toEqual({
        status: 404,
        code: 'EVENT_NOT_FOUND',
      });
    }
  });

  it('given stored triggers, when a rule is simulated over their range, then it shows the firings with the ids the engine used, and appends nothing', async () => {
    // Given the triggers of the first test (and one more), handled by the engine
    const from = new Date(Date.now() - 3_600_000).toISOString();
    await api
      .http()
      .post(`/api/user-defined-events/${ids.door}/trigger`)
      .set('Authorization', token)
      .send({})
      .expect(202);
    const fired = await eventually(async () => {
      const events = (await readAllOf(store.readAll({ filter: { eventTypes: ['RuleFired'] } }))).filter(
        (event) => (event.data as { ruleId: string }).ruleId === ids.logDoor,
      );
      return events.length === 2 ? events : undefined;
    }, 'two firings of the log rule');
    // (and the chain of both triggers has run to its end: two door and two chained log entries)
    await eventually(
      async () => (await readAllOf(store.readAll({ filter: { eventTypes: ['RuleLogEntryMade'] } }))).length === 4,
      'four log entries',
    );
    const before = await readAllOf(store.readAll());

    // When the log rule is simulated over the last hour
    const response = await api
      .http()
      .post(`/api/rules/${ids.logDoor}/simulate`)
      .set('Authorization', token)
      .send({ from, to: new Date(Date.now() + 60_000).toISOString() })
      .expect(200);
    const simulation = response.body as RuleSimulation;

    // Then it fires once per trigger, with the engine's firing ids and job ids, and nothing new was stored
    expect(simulation).toMatchObject({
      ruleName: 'Log the door',
      eventsRead: expect.any(Number) as number,
      truncated: false,
    });
    expect(simulation.firings.map((f) => f.firingEventId).sort()).toEqual(fired.map((e: StoredEvent) => e.id).sort());
    const realJobIds = fired.flatMap((e) =>
      (e.data as { actions: { jobs: { jobId: string }[] }[] }).actions.flatMap((a) => a.jobs.map((j) => j.jobId)),
    );
    expect(simulation.firings.flatMap((f) => f.actions.flatMap((a) => a.jobs.map((j) => j.jobId))).sort()).toEqual(
      realJobIds.sort(),
    );
    expect((await readAllOf(store.readAll())).length).toBe(before.length);
  });

  it('given a time-interval rule, when simulated over three days, then it enters and leaves office hours each day', async () => {
    const { timeProfileId } = await create<{ timeProfileId: string }>('/api/time-profiles', dailyOfficeHours);
    const { ruleId } = await rule(
      'Office hours log',
      { kind: 'timeInterval', timeProfileId, edge: 'entering' },
      [{ type: 'MakeLogEntry', text: 'open' }],
      { criterion: { kind: 'intervalEnds' }, actions: [{ type: 'MakeLogEntry', text: 'closed' }] },
    );

    const response = await api
      .http()
      .post(`/api/rules/${ruleId}/simulate`)
      .set('Authorization', token)
      .send({ from: '2026-03-02T00:00:00Z', to: '2026-03-05T00:00:00Z' })
      .expect(200);

    expect((response.body as RuleSimulation).firings.map((f) => `${f.phase} ${f.at}`)).toEqual([
      'start 2026-03-02T08:00:00.000Z',
      'stop 2026-03-02T17:00:00.000Z',
      'start 2026-03-03T08:00:00.000Z',
      'stop 2026-03-03T17:00:00.000Z',
      'start 2026-03-04T08:00:00.000Z',
      'stop 2026-03-04T17:00:00.000Z',
    ]);
  });

  it('given a bad range or an unknown rule, then 422 SIMULATION_RANGE_INVALID, 400 or 404', async () => {
    const simulate = (ruleId: string, body: object) =>
      api.http().post(`/api/rules/${ruleId}/simulate`).set('Authorization', token).send(body);
    const backwards = await simulate(ids.logDoor, { from: '2026-03-05T00:00:00Z', to: '2026-03-02T00:00:00Z' });
    const tooLong = await simulate(ids.logDoor, { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    const notDates = await simulate(ids.logDoor, { from: 'yesterday', to: 'today' });
    const unknown = await simulate(randomUUID(), { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' });

    expect([backwards, tooLong].map((r) => [r.status, (r.body as { code: string }).code])).toEqual([
      [422, 'SIMULATION_RANGE_INVALID'],
      [422, 'SIMULATION_RANGE_INVALID'],
    ]);
    expect(notDates.status).toBe(400);
    expect([unknown.status, (unknown.body as { code: string }).code]).toEqual([404, 'RULE_NOT_FOUND']);
  });
});
