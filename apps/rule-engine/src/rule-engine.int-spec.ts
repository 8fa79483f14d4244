import { createConnection } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_RULE_IDS,
  nextTimeTrigger,
  RECORDER_QUEUE_PREFIX,
  RULE_ACTIONS_QUEUE,
  RULE_TIMERS_QUEUE,
  ruleJobId,
  ruleStream,
  TIME_TRIGGER_DUE_JOB,
  timeTriggerJobId,
  type RuleDefinition,
  type TimeProfile,
  type GlobalPosition,
  type StoredEvent,
} from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import type { Job } from 'bullmq';
import { readAllOf } from '../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually, freePort } from '../../../libs/infrastructure/src/testing/wait.fixtures';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp } from '../../api/src/testing/api-test-app';
import { startRuleEngineTestApp, type RuleEngineTestApp } from './testing/rule-engine-test-app';

describe('rule engine (real PostgreSQL, Redis and BullMQ)', () => {
  let api: ApiTestApp;
  let engine: RuleEngineTestApp;
  let store: PostgresEventStore;
  let port: number;
  let token: string;

  const eventsOfType = async (type: string): Promise<StoredEvent[]> =>
    readAllOf(store.readAll({ filter: { eventTypes: [type] } }));

  beforeAll(async () => {
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    token = bearer(await login(api, 'owner', OWNER_PASSWORD));
    engine = await startRuleEngineTestApp(api.databaseUrl);
    port = await freePort();
    await api
      .http()
      .put('/api/generic-events/data-sources/compatible')
      .set('Authorization', token)
      .send({
        name: 'Compatible',
        enabled: true,
        port,
        protocol: 'tcp+udp',
        ipVersion: 'ipv4',
        separatorBytes: [],
        echo: 'all',
        encoding: 'windows-1252',
        allowedAddresses: ['127.0.0.1'],
      })
      .expect(200);
  });

  afterAll(async () => {
    await engine?.close();
    await store?.close();
    await api?.close();
  });

  it('given a rule on a generic event, when the string arrives over TCP, then the job with the expected id runs and logs', async () => {
    // Given a generic event and a rule that makes a log entry on it
    const definition = await api
      .http()
      .post('/api/generic-events')
      .set('Authorization', token)
      .send({ name: 'Door forced', enabled: true, expression: 'Door053', expressionType: 'search', priority: 1 })
      .expect(201);
    const { genericEventId } = definition.body as { genericEventId: string };
    const created = await api
      .http()
      .post('/api/rules')
      .set('Authorization', token)
      .send({
        name: 'Log forced doors',
        description: '',
        active: true,
        trigger: {
          kind: 'event',
          eventType: 'GenericEventReceived',
          eventId: genericEventId,
          sources: { kind: 'external' },
        },
        conditions: [],
        actions: [{ type: 'MakeLogEntry', text: 'Forced: $EventName$ by $RuleName$' }],
      });
    expect(created.status).toBe(201);
    const { ruleId } = created.body as { ruleId: string };

    // When the string is sent over TCP to the Compatible data source
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    const echoed = new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    socket.write('Door053 forced');
    expect(await echoed).toBe('Door053 forced');
    socket.destroy();

    // Then the rule-actions queue holds the job whose id derives from rule, version, event and action
    const [received] = await eventually(async () => {
      const events = await eventsOfType('GenericEventReceived');
      return events.length > 0 ? events : undefined;
    }, 'the generic event');
    const expectedJobId = ruleJobId({
      ruleId,
      ruleVersion: 1,
      triggeringEventId: (received as StoredEvent).id,
      phase: 'start',
      sourceKey: 'external',
      actionIndex: 0,
      targets: { deviceIds: [], allDeviceKinds: [] },
    });
    const queue = engine.queue(RULE_ACTIONS_QUEUE);
    const job = await eventually(async () => (await queue.getJob(expectedJobId)) as Job | undefined, 'the job');
    expect(job.name).toBe('MakeLogEntry');
    // And the executor wrote the rule-triggered log entry, caused by the RuleFired event
    const [entry] = await eventually(async () => {
      const entries = await eventsOfType('RuleLogEntryMade');
      return entries.length > 0 ? entries : undefined;
    }, 'the log entry');
    const [fired] = await eventsOfType('RuleFired');
    expect(entry?.data).toMatchObject({
      message: 'Forced: GenericEventReceived by Log forced doors',
      sourceType: 'external',
    });
    expect(entry?.metadata.causationId).toBe(fired?.id);
    expect(fired?.metadata.causationId).toBe((received as StoredEvent).id);
  });

  it('given Record on Motion, when motion starts and stops on a camera, then the recorder gets a start and a delayed stop of one session', async () => {
    // Given the default rule (created by the API at its first start) and motion on cam-9
    const motion = (type: string): Promise<{ position: GlobalPosition }> =>
      store.append('camera-cam-9', [{ id: randomUUID(), type, data: { cameraId: 'cam-9', at: Date.now() } }], 'any');
    await motion('MotionStarted');
    const { position } = await motion('MotionStopped');
    await engine.engine.runner.waitForPosition(position);

    // Then the default recorder's queue has StartRecording (3 s before) and StopRecording 3 s after, one session
    const recorder = engine.queue(`${RECORDER_QUEUE_PREFIX}-recorder-1`);
    const jobs = await recorder.getJobs(['waiting', 'delayed']);
    const byName = new Map(jobs.map((job) => [job.name, job]));
    const start = byName.get('StartRecording');
    const stop = byName.get('StopRecording');
    expect(start?.data).toMatchObject({
      deviceId: 'cam-9',
      preBufferSeconds: 3,
      ruleId: DEFAULT_RULE_IDS.recordOnMotion,
    });
    expect(stop?.data).toMatchObject({
      deviceId: 'cam-9',
      sessionId: (start?.data as { sessionId: string }).sessionId,
    });
    expect(stop?.opts.delay).toBeGreaterThan(0);
    expect(stop?.opts.delay).toBeLessThanOrEqual(3_000);
    expect(jobs).toHaveLength(2);
  });

  it('given a camera assigned to a recorder, when it reports motion, then its recording jobs go to that recorder', async () => {
    // Given cam-7, added and assigned to recorder-7 (as the cameras API records it)
    const camera = (type: string, data: object) =>
      store.append(
        'camera-cam-7',
        [{ id: randomUUID(), type, data: { cameraId: 'cam-7', byUserId: 'admin', at: 1, ...data } }],
        'any',
      );
    await camera('CameraAdded', {
      name: 'Dock',
      address: 'http://127.0.0.1:1/onvif/device_service',
      username: 'admin',
      encryptedPassword: 'sealed',
      capabilities: { profiles: [], ptz: { supported: false, presets: [] }, inputs: [], outputs: [] },
      recording: { enabled: true, preBuffer: { enabled: true, location: 'memory', seconds: 3 } },
    });
    await camera('CameraAssignedToRecorder', { recorderId: 'recorder-7' });

    // When motion starts on it
    const { position } = await store.append(
      'camera-cam-7',
      [{ id: randomUUID(), type: 'MotionStarted', data: { cameraId: 'cam-7', at: Date.now() } }],
      'any',
    );
    await engine.engine.runner.waitForPosition(position);

    // Then Record on Motion's StartRecording is on recorder-7's queue, not the default recorder's
    const jobs = await engine.queue(`${RECORDER_QUEUE_PREFIX}-recorder-7`).getJobs(['waiting', 'delayed']);
    expect(jobs.map((job) => [job.name, (job.data as { deviceId: string }).deviceId])).toEqual([
      ['StartRecording', 'cam-7'],
    ]);
    const onDefault = await engine.queue(`${RECORDER_QUEUE_PREFIX}-recorder-1`).getJobs(['waiting', 'delayed']);
    expect(onDefault.filter((job) => (job.data as { deviceId: string }).deviceId === 'cam-7')).toEqual([]);
  });

  it('given a rule changed through the API, then the next event is decided with the new version, without a restart', async () => {
    // Given Record on Motion deactivated
    await api
      .http()
      .post(`/api/rules/${DEFAULT_RULE_IDS.recordOnMotion}/deactivate`)
      .set('Authorization', token)
      .expect(204);
    const [deactivated] = (await readAllOf(store.readStream(ruleStream(DEFAULT_RULE_IDS.recordOnMotion)))).slice(-1);
    // When motion starts on another camera after the change
    const { position } = await store.append(
      'camera-cam-10',
      [{ id: randomUUID(), type: 'MotionStarted', data: { cameraId: 'cam-10', at: Date.now() } }],
      'any',
    );
    await engine.engine.runner.waitForPosition(position);
    // Then nothing fires for cam-10
    expect(deactivated?.type).toBe('RuleDeactivated');
    const firings = (await eventsOfType('RuleFired')).filter((event) => JSON.stringify(event.data).includes('cam-10'));
    expect(firings).toEqual([]);
  });

  it('given a webhook endpoint that is down, when its rule fires, then other rules still run and chain through a user-defined event', async () => {
    // Given two user-defined events, a webhook to a port nobody listens on, and three rules
    const create = async <T = Record<string, string>>(path: string, body: object): Promise<T> => {
      const response = await api.http().post(path).set('Authorization', token).send(body);
      expect(response.status).toBe(201);
      return response.body as T;
    };
    const { userDefinedEventId: alarm } = await create<{ userDefinedEventId: string }>('/api/user-defined-events', {
      name: 'Alarm',
    });
    const { userDefinedEventId: chained } = await create<{ userDefinedEventId: string }>('/api/user-defined-events', {
      name: 'Chained',
    });
    const { webhookId } = await create<{ webhookId: string }>('/api/webhooks', {
      name: 'Down',
      address: `http://127.0.0.1:${await freePort()}/hook`,
    });
    const onUde = (userDefinedEventId: string) =>
      ({
        kind: 'event',
        eventType: 'UserDefinedEventTriggered',
        eventId: userDefinedEventId,
        sources: { kind: 'external' },
      }) as const;
    const rule = (name: string, trigger: object, actions: object[]) =>
      create<{ ruleId: string }>('/api/rules', {
        name,
        description: '',
        active: true,
        trigger,
        conditions: [],
        actions,
      });
    const { ruleId: webhookRuleId } = await rule('Call the down webhook', onUde(alarm), [
      { type: 'CallWebhook', webhookId },
    ]);
    await rule('Chain', onUde(alarm), [{ type: 'TriggerUserDefinedEvent', userDefinedEventId: chained }]);
    await rule('Log the chain', onUde(chained), [{ type: 'MakeLogEntry', text: 'chained by $RuleName$' }]);

    // When the first event is triggered through the API
    await api.http().post(`/api/user-defined-events/${alarm}/trigger`).set('Authorization', token).send({}).expect(202);

    // Then the chained rule logs, while the webhook's job fails its first attempt and is kept for a retry
    await eventually(
      async () =>
        (await eventsOfType('RuleLogEntryMade')).find(
          (e) => (e.data as { message: string }).message === 'chained by Log the chain',
        ),
      'the chained log entry',
    );
    const queue = engine.queue(RULE_ACTIONS_QUEUE);
    const webhookJob = await eventually(async () => {
      const jobs = await queue.getJobs(['delayed', 'failed', 'waiting', 'active']);
      return jobs.find(
        (job) =>
          job.name === 'CallWebhook' &&
          (job.data as { ruleId: string }).ruleId === webhookRuleId &&
          job.attemptsMade >= 1,
      );
    }, 'a failed webhook attempt');
    expect(webhookJob.failedReason).toMatch(/ECONNREFUSED|connection/i);
    const attempts = await eventsOfType('WebhookDeliveryAttempted');
    expect(attempts.map((e) => (e.data as { outcome: string }).outcome)).toContain('retrying');
    const triggered = (await eventsOfType('UserDefinedEventTriggered')).filter(
      (e) => (e.data as { userDefinedEventId: string }).userDefinedEventId === chained,
    );
    expect(triggered).toHaveLength(1);
    expect(triggered[0]?.data).toMatchObject({
      name: 'Chained',
      triggeredBy: expect.stringMatching(/^rule:/) as string,
    });
  });

  it('given a time-interval rule, then its next edge is a delayed job, and a due timer fires the rule once however often it runs', async () => {
    // Given a profile and a rule that logs on entering it
    const profile = {
      name: 'Every day',
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
    const createdProfile = await api.http().post('/api/time-profiles').set('Authorization', token).send(profile);
    const { timeProfileId } = createdProfile.body as { timeProfileId: string };
    const created = await api
      .http()
      .post('/api/rules')
      .set('Authorization', token)
      .send({
        name: 'Log entering',
        description: '',
        active: true,
        trigger: { kind: 'timeInterval', timeProfileId, edge: 'entering' },
        conditions: [],
        actions: [{ type: 'MakeLogEntry', text: 'entered by $RuleName$' }],
      });
    expect(created.status).toBe(201);
    const { ruleId } = created.body as { ruleId: string };
    const definition = (
      (await api.http().get(`/api/rules/${ruleId}`).set('Authorization', token)).body as { rule: RuleDefinition }
    ).rule;

    // Then the schedule holds a delayed job for the next entering
    const timers = engine.queue(RULE_TIMERS_QUEUE);
    const next = nextTimeTrigger(
      definition,
      1,
      new Map([[timeProfileId, { ...profile, id: timeProfileId } as TimeProfile]]),
      Date.now(),
    );
    expect(next?.edge).toBe('entering');
    const scheduled = await eventually(
      async () => (next === undefined ? undefined : await timers.getJob(timeTriggerJobId(next))),
      'the scheduled timer',
    );
    expect(await scheduled.getState()).toBe('delayed');

    // When a timer for an earlier entering comes due, twice (a duplicate schedule under another job id)
    const due = { ruleId, ruleVersion: 1, edge: 'entering' as const, dueAt: Date.now() - 60_000 };
    await timers.add(TIME_TRIGGER_DUE_JOB, due, { jobId: timeTriggerJobId(due) });
    await timers.add(TIME_TRIGGER_DUE_JOB, due, { jobId: `${timeTriggerJobId(due)}|again` });

    // Then one RuleTimeTriggered is stored, the rule fires once and logs
    await eventually(
      async () =>
        (await eventsOfType('RuleLogEntryMade')).find(
          (event) => (event.data as { message: string }).message === 'entered by Log entering',
        ),
      'the log entry of the time rule',
    );
    await eventually(async () => ((await timers.getJobCounts('completed')).completed ?? 0) >= 2, 'both timers run');
    const triggered = (await eventsOfType('RuleTimeTriggered')).filter(
      (event) => (event.data as { ruleId: string }).ruleId === ruleId,
    );
    expect(triggered).toHaveLength(1);
    const fired = (await eventsOfType('RuleFired')).filter(
      (event) => (event.data as { ruleId: string }).ruleId === ruleId,
    );
    expect(fired.map((event) => (event.data as { triggeringEventType: string }).triggeringEventType)).toEqual([
      'RuleTimeTriggered',
    ]);
  });
});
