import { randomUUID } from 'node:crypto';
import {
  ALARM_ACTIONS_QUEUE,
  alarmDecider,
  alarmDefinitionDecider,
  alarmDefinitionStream,
  alarmJobId,
  alarmKey,
  alarmStream,
  timeProfileDecider,
  timeProfileStream,
  userDefinedEventDecider,
  userDefinedEventStream,
  type AlarmDefinition,
  type GlobalPosition,
  type StoredEvent,
  type TimeProfile,
} from '@vigil/domain';
import { deterministicUuid, handleCommand, PostgresEventStore } from '@vigil/infrastructure';
import type { Job } from 'bullmq';
import { Pool } from 'pg';
import { anAlarmDefinition, someAlarmReferences } from '../../../../libs/domain/src/alarms/testing/alarm.fixtures';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { startRuleEngineTestApp, type RuleEngineTestApp } from '../testing/rule-engine-test-app';
import { AlarmEngineService, alarmEngineId } from './alarm-engine.service';

const ADMIN = 'u-admin';
const MONDAY_10_UTC = Date.UTC(2026, 0, 5, 10, 0);
const MONDAY_20_UTC = Date.UTC(2026, 0, 5, 20, 0);

const officeHours: TimeProfile = {
  id: 'tp-office',
  name: 'Office hours',
  description: '',
  timeZone: 'UTC',
  kind: 'schedule',
  entries: [
    {
      type: 'recurring',
      startTime: '08:00',
      endTime: '17:00',
      pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [1, 2, 3, 4, 5] },
      range: { startDate: '2026-01-01', end: { kind: 'never' } },
    },
  ],
};

describe('alarm engine (real PostgreSQL, Redis and BullMQ)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let engine: RuleEngineTestApp;
  const cameras = ['cam-a1', 'cam-a2', 'cam-a3', 'cam-a4', 'cam-a5', 'cam-a6', 'cam-a7', 'cam-a8'];
  const userDefinedEvents = { late: randomUUID(), raised: randomUUID() };
  const references = someAlarmReferences({
    deviceIds: cameras,
    userDefinedEventIds: Object.values(userDefinedEvents),
    timeProfileIds: [officeHours.id],
  });

  const alarms = (): AlarmEngineService => engine.app.get(AlarmEngineService);

  const define = async (overrides: Partial<AlarmDefinition>): Promise<AlarmDefinition> => {
    const definition = anAlarmDefinition({ id: randomUUID(), ...overrides });
    await handleCommand(store, alarmDefinitionStream(definition.id), alarmDefinitionDecider, {
      type: 'CreateAlarmDefinition',
      data: { definition, references, byUserId: ADMIN, now: Date.now() },
    });
    return definition;
  };

  const onCamera = (cameraId: string): AlarmDefinition['triggeringEvent'] => ({
    eventType: 'MotionStarted',
    sources: { kind: 'devices', deviceIds: [cameraId] },
  });

  /** Appends a device event and waits until the alarm engine has committed it; returns the stored event. */
  const occur = async (type: string, cameraId: string, at = Date.now()): Promise<StoredEvent> => {
    const id = randomUUID();
    const { position } = await store.append(`camera-${cameraId}`, [{ id, type, data: { cameraId, at } }], 'any');
    await alarms().runner.waitForPosition(position);
    const stored = (await readAllOf(store.readStream(`camera-${cameraId}`))).find((e) => e.id === id);
    if (stored === undefined) {
      throw new Error(`event ${id} not stored`);
    }
    return stored;
  };

  const eventsOfType = async (type: string): Promise<StoredEvent[]> =>
    readAllOf(store.readAll({ filter: { eventTypes: [type] } }));
  const raisedBy = async (definition: AlarmDefinition): Promise<StoredEvent[]> =>
    (await eventsOfType('AlarmRaised')).filter(
      (event) => (event.data as { alarmDefinitionId: string }).alarmDefinitionId === definition.id,
    );
  const triggeredFor = async (alarmId: string): Promise<StoredEvent[]> =>
    (await eventsOfType('UserDefinedEventTriggered')).filter(
      (event) => (event.data as { triggeredBy: string }).triggeredBy === `alarm:${alarmId}`,
    );
  const waitForHead = async (): Promise<void> => {
    const head = (await store.headPosition()) as GlobalPosition;
    await alarms().runner.waitForPosition(head);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 2 });
    for (const [key, userDefinedEventId] of Object.entries(userDefinedEvents)) {
      await handleCommand(store, userDefinedEventStream(userDefinedEventId), userDefinedEventDecider, {
        type: 'CreateUserDefinedEvent',
        data: { userDefinedEventId, name: `Alarm ${key}`, byUserId: ADMIN, now: Date.now() },
      });
    }
    await handleCommand(store, timeProfileStream(officeHours.id), timeProfileDecider, {
      type: 'CreateTimeProfile',
      data: { profile: officeHours, byUserId: ADMIN, now: Date.now() },
    });
    engine = await startRuleEngineTestApp(db.url);
  });

  afterAll(async () => {
    await engine?.queue(ALARM_ACTIONS_QUEUE).obliterate({ force: true });
    await engine?.close();
    await store?.close();
    await db?.drop();
  });

  it('given an enabled definition, when its event occurs on its source, then exactly one alarm, with the definition as it is and the event as cause', async () => {
    // Given
    const definition = await define({
      name: 'Lobby motion',
      triggeringEvent: onCamera('cam-a1'),
      relatedCameraIds: ['cam-a2'],
      initialPriority: 2,
    });
    // When
    await occur('MotionStarted', 'cam-a2'); // another source
    const event = await occur('MotionStarted', 'cam-a1');
    // Then
    const raised = await raisedBy(definition);
    expect(raised).toHaveLength(1);
    const alarmId = deterministicUuid(alarmKey(definition.id, 1, event.id));
    expect(raised[0]?.streamId).toBe(alarmStream(alarmId));
    expect(raised[0]?.data).toEqual({
      alarmId,
      alarmDefinitionId: definition.id,
      name: 'Lobby motion',
      priority: 2,
      relatedCameraIds: ['cam-a2'],
      triggeringEventId: event.id,
      sourceDeviceId: 'cam-a1',
      at: (event.data as { at: number }).at,
    });
    expect(raised[0]?.metadata).toMatchObject({ causationId: event.id, correlationId: event.id });
  });

  it('given several definitions on one source, when its event occurs, then their alarms are raised together, in one transaction', async () => {
    // Given
    const definitions: AlarmDefinition[] = [];
    for (let n = 0; n < 3; n += 1) {
      definitions.push(await define({ triggeringEvent: onCamera('cam-a8') }));
    }
    // When
    const event = await occur('MotionStarted', 'cam-a8');
    // Then one alarm per definition, each in its own stream, all appended in the same transaction
    const raised = (await Promise.all(definitions.map((definition) => raisedBy(definition)))).flat();
    expect(raised.map((alarm) => alarm.streamId).sort()).toEqual(
      definitions.map((definition) => alarmStream(deterministicUuid(alarmKey(definition.id, 1, event.id)))).sort(),
    );
    expect(new Set(raised.map((alarm) => alarm.position.commit)).size).toBe(1);
  });

  it('given a disabled definition and one outside its time profile at the event time, then nothing is raised', async () => {
    // Given
    const disabled = await define({ enabled: false, triggeringEvent: onCamera('cam-a3') });
    const officeOnly = await define({
      triggeringEvent: onCamera('cam-a4'),
      activation: { kind: 'timeProfile', timeProfileId: officeHours.id },
    });
    // When
    await occur('MotionStarted', 'cam-a3');
    await occur('MotionStarted', 'cam-a4', MONDAY_20_UTC);
    // Then
    expect(await raisedBy(disabled)).toEqual([]);
    expect(await raisedBy(officeOnly)).toEqual([]);
    // And within office hours the same definition raises (it is not broken)
    const inside = await occur('MotionStarted', 'cam-a4', MONDAY_10_UTC);
    expect(
      (await raisedBy(officeOnly)).map((e) => (e.data as { triggeringEventId: string }).triggeringEventId),
    ).toEqual([inside.id]);
  });

  it('given an open alarm with an auto-close event, when that event comes from its source, then the alarm is closed by the system', async () => {
    // Given
    const definition = await define({
      triggeringEvent: onCamera('cam-a5'),
      autoCloseOn: { eventType: 'MotionStopped', sources: { kind: 'all', deviceKinds: ['cameras'] } },
    });
    await occur('MotionStarted', 'cam-a5');
    const [raised] = await raisedBy(definition);
    const alarmId = (raised?.data as { alarmId: string }).alarmId;
    // When
    await occur('MotionStopped', 'cam-a6'); // another camera: not this alarm's source
    expect((await readAllOf(store.readStream(alarmStream(alarmId)))).map((e) => e.type)).toEqual(['AlarmRaised']);
    const stop = await occur('MotionStopped', 'cam-a5');
    // Then
    const history = await readAllOf(store.readStream(alarmStream(alarmId)));
    expect(history.map((e) => e.type)).toEqual(['AlarmRaised', 'AlarmClosed']);
    expect(history[1]?.data).toEqual({ alarmId, byUserId: 'system', at: (stop.data as { at: number }).at });
    expect(history[1]?.metadata).toMatchObject({ causationId: stop.id });
  });

  it('given a time limit with an event attached, then the escalation fires when the alarm is still New, and does nothing once acknowledged', async () => {
    // Given a definition that escalates after 1 s (the shortest limit) and triggers an event when raised
    const fast = await define({
      triggeringEvent: onCamera('cam-a6'),
      operatorAction: { timeLimitSeconds: 1, eventsTriggered: [userDefinedEvents.late] },
      eventsTriggeredByAlarm: [userDefinedEvents.raised],
    });
    // When an alarm is raised and nobody handles it
    const event = await occur('MotionStarted', 'cam-a6');
    const [raised] = await raisedBy(fast);
    const alarmId = (raised?.data as { alarmId: string }).alarmId;
    // Then its events triggered by the alarm, and after the time limit the escalation event, caused by AlarmRaised
    const triggered = await eventually(async () => {
      const events = await triggeredFor(alarmId);
      return events.length === 2 ? events : undefined;
    }, 'the raised and the escalation events');
    const byEvent = new Map(triggered.map((e) => [(e.data as { userDefinedEventId: string }).userDefinedEventId, e]));
    expect(byEvent.get(userDefinedEvents.raised)?.data).toMatchObject({ name: 'Alarm raised', deviceIds: ['cam-a6'] });
    expect(byEvent.get(userDefinedEvents.late)?.data).toMatchObject({
      name: 'Alarm late',
      at: (event.data as { at: number }).at + 1_000,
    });
    expect(byEvent.get(userDefinedEvents.late)?.metadata).toMatchObject({
      causationId: raised?.id,
      correlationId: event.id,
    });

    // Given a definition that escalates after a minute
    const slow = await define({
      triggeringEvent: onCamera('cam-a7'),
      operatorAction: { timeLimitSeconds: 60, eventsTriggered: [userDefinedEvents.late] },
    });
    await occur('MotionStarted', 'cam-a7');
    const [slowRaised] = await raisedBy(slow);
    const slowAlarmId = (slowRaised?.data as { alarmId: string }).alarmId;
    const queue = engine.queue(ALARM_ACTIONS_QUEUE);
    const escalation = (await queue.getJob(
      alarmJobId({ name: 'EscalateAlarm', data: { alarmId: slowAlarmId } }),
    )) as Job;
    expect(await escalation.getState()).toBe('delayed');
    // When an operator acknowledges it (as the API will, through the alarm decider), and the time limit passes
    await handleCommand(store, alarmStream(slowAlarmId), alarmDecider, {
      type: 'AcknowledgeAlarm',
      data: { alarmId: slowAlarmId, byUserId: 'u-operator', now: Date.now() },
    });
    await escalation.promote();
    // Then the escalation job completes without triggering anything
    await eventually(async () => (await escalation.getState()) === 'completed', 'the escalation job to run');
    const done = (await queue.getJob(escalation.id as string)) as Job;
    expect(done.returnvalue).toBe('handled');
    expect(await triggeredFor(slowAlarmId)).toEqual([]);
  });

  it('given the engine restarted with its checkpoint and state gone (a replay of everything), then no alarm is raised, closed or escalated again', async () => {
    // Given what the tests above did
    await waitForHead();
    const count = async () => ({
      raised: (await eventsOfType('AlarmRaised')).length,
      closed: (await eventsOfType('AlarmClosed')).length,
      triggered: (await eventsOfType('UserDefinedEventTriggered')).length,
    });
    const before = await count();
    expect(before.raised).toBeGreaterThanOrEqual(4);
    // When the engine restarts from the start of the global order
    const prefix = engine.prefix;
    await engine.close();
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      await pool.query('DELETE FROM event_store.checkpoints WHERE subscriber_id = $1', [alarmEngineId('rule-engine')]);
      await pool.query('DELETE FROM rule_engine.engine_state WHERE engine_id = $1', [alarmEngineId('rule-engine')]);
    } finally {
      await pool.end();
    }
    engine = await startRuleEngineTestApp(db.url, { QUEUE_PREFIX: prefix });
    await waitForHead();
    // Then the same alarms, closes and triggered events, nothing more
    expect(await count()).toEqual(before);
    const queue = engine.queue(ALARM_ACTIONS_QUEUE);
    expect((await queue.getJobs(['waiting', 'delayed', 'active'])).map((job) => job.id)).toEqual([]);
  });
});
