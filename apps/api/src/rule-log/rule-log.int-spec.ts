import { randomUUID } from 'node:crypto';
import {
  ruleLogEntryOf,
  ruleLogStream,
  VIEWER_ROLE_ID,
  type RuleActionJobData,
  type RuleLogEntryMade,
  type StoredEvent,
} from '@vigil/domain';
import { PG_POOL, PostgresEventStore } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { RuleLogRow } from './rule-log.dto';
import { RuleLogProjection } from './rule-log.projection';
import { RuleLogReadModel } from './rule-log-read-model';

const PASSWORD = 'Str0ng-Passw0rd!';
const RECORD_ON_MOTION = randomUUID();
const NIGHTLY = randomUUID();

/** A `Make new <log entry>` job as the rule engine runs it; the test overrides what it is about. */
const logJob = (
  overrides: Partial<RuleActionJobData<'MakeLogEntry'>> & Pick<RuleActionJobData<'MakeLogEntry'>, 'at'>,
): RuleActionJobData<'MakeLogEntry'> => ({
  ruleId: RECORD_ON_MOTION,
  ruleName: 'Record on Motion',
  ruleVersion: 1,
  phase: 'start',
  triggeringEventId: randomUUID(),
  triggeringEventType: 'MotionStarted',
  firingEventId: randomUUID(),
  correlationId: randomUUID(),
  sourceDeviceId: 'cam-lobby',
  deviceIds: ['cam-lobby'],
  text: 'Motion on $DeviceName$ ($RuleName$)',
  ...overrides,
});

const at = (iso: string): number => Date.parse(iso);

describe('rule-triggered log', () => {
  let api: ApiTestApp;
  let store: PostgresEventStore;
  let owner: Session;
  let viewer: Session;
  /** The entries appended in beforeAll, by name, with their event ids. */
  const made = new Map<string, { id: string; data: RuleLogEntryMade['data'] }>();

  /** Appends RuleLogEntryMade as the engine's executor does, and waits until the read model has projected it. */
  const append = async (id: string, data: RuleLogEntryMade['data']): Promise<void> => {
    const { position } = await store.append(ruleLogStream(data.at), [{ id, type: 'RuleLogEntryMade', data }], 'any');
    await api.app.get(RuleLogReadModel).caughtUp(position);
  };

  const get = (query: string, session: Session = owner) =>
    api.http().get(`/api/logs/rule-triggered${query}`).set('Authorization', bearer(session));

  const list = async (query: string): Promise<RuleLogRow[]> => (await get(query).expect(200)).body as RuleLogRow[];

  beforeAll(async () => {
    // Given log entries of two rules, on two days, from a camera, a time trigger and an external event
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'vic', displayName: 'Vic', password: PASSWORD, roleIds: [VIEWER_ROLE_ID] })
      .expect(201);
    viewer = await login(api, 'vic', PASSWORD);

    const entries: Record<string, RuleActionJobData<'MakeLogEntry'>> = {
      lobbyMorning: logJob({ at: at('2025-03-01T08:00:00.000Z') }),
      gateNoon: logJob({
        at: at('2025-03-01T12:00:00.000Z'),
        sourceDeviceId: 'cam-gate',
        deviceIds: ['cam-gate'],
        text: '=HYPERLINK("x"), said $DeviceName$',
      }),
      nightly: logJob({
        at: at('2025-03-01T23:30:00.000Z'),
        ruleId: NIGHTLY,
        ruleName: 'Nightly check',
        triggeringEventType: 'RuleTimeTriggered',
        sourceDeviceId: undefined,
        deviceIds: [],
        text: 'Nightly check ran at $TriggerTime$',
      }),
      external: logJob({
        at: at('2025-03-02T06:15:00.000Z'),
        ruleId: NIGHTLY,
        ruleName: 'Nightly check',
        triggeringEventType: 'UserDefinedEventTriggered',
        sourceDeviceId: undefined,
        deviceIds: [],
        text: 'Door forced',
      }),
    };
    // appended out of time order: the log is ordered by when the entry happened, not by when it was appended
    for (const name of ['gateNoon', 'external', 'lobbyMorning', 'nightly']) {
      const data = ruleLogEntryOf(entries[name]!);
      const id = randomUUID();
      made.set(name, { id, data });
      await append(id, data);
    }
  });
  afterAll(async () => {
    await store.close();
    await api.close();
  });

  const idsOf = (rows: readonly RuleLogRow[]): string[] => rows.map((row) => row.entryId);
  const idOf = (name: string): string => made.get(name)!.id;

  it('serves every entry with the fields of the rule-triggered log, newest first', async () => {
    // When the whole log is read
    const rows = await list('');

    // Then every entry is there, newest first, with its fields as written
    expect(idsOf(rows)).toEqual([idOf('external'), idOf('nightly'), idOf('gateNoon'), idOf('lobbyMorning')]);
    expect(rows[3]).toEqual({
      entryId: idOf('lobbyMorning'),
      at: '2025-03-01T08:00:00.000Z',
      message: 'Motion on cam-lobby (Record on Motion)',
      category: 'Rule',
      sourceType: 'device',
      sourceName: 'cam-lobby',
      eventType: 'MotionStarted',
      ruleId: RECORD_ON_MOTION,
      ruleName: 'Record on Motion',
      serviceName: 'Vigil Rule Engine',
      triggeringEventId: made.get('lobbyMorning')!.data.triggeringEventId,
    });
    expect(rows[1]).toMatchObject({
      sourceType: 'time',
      sourceName: 'Nightly check',
      eventType: 'RuleTimeTriggered',
      message: 'Nightly check ran at 2025-03-01T23:30:00.000Z',
    });
    expect(rows[0]).toMatchObject({ sourceType: 'external', sourceName: 'External' });
  });

  it('filters by time range: from inclusive, to exclusive', async () => {
    const firstDay = await list('?from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z');
    const fromNoon = await list('?from=2025-03-01T12:00:00.000Z');
    const beforeNoon = await list('?to=2025-03-01T12:00:00.000Z');
    const inAnOffset = await list('?from=2025-03-01T13:00:00%2B01:00&to=2025-03-01T13:00:00.001%2B01:00');

    expect(idsOf(firstDay)).toEqual([idOf('nightly'), idOf('gateNoon'), idOf('lobbyMorning')]);
    expect(idsOf(fromNoon)).toEqual([idOf('external'), idOf('nightly'), idOf('gateNoon')]);
    expect(idsOf(beforeNoon)).toEqual([idOf('lobbyMorning')]);
    expect(idsOf(inAnOffset)).toEqual([idOf('gateNoon')]);
  });

  it('filters by rule, event type, source and category, and combines the filters', async () => {
    const motionRule = await list(`?ruleId=${RECORD_ON_MOTION}`);
    const timeTriggered = await list('?eventType=RuleTimeTriggered');
    const gate = await list('?sourceName=cam-gate');
    const devices = await list('?sourceType=device');
    const nightlyOnFirstDay = await list(`?ruleId=${NIGHTLY}&to=2025-03-02T00:00:00Z`);
    const otherCategory = await list('?category=System');
    const unknownRule = await list(`?ruleId=${randomUUID()}`);

    expect(idsOf(motionRule)).toEqual([idOf('gateNoon'), idOf('lobbyMorning')]);
    expect(idsOf(timeTriggered)).toEqual([idOf('nightly')]);
    expect(idsOf(gate)).toEqual([idOf('gateNoon')]);
    expect(idsOf(devices)).toEqual([idOf('gateNoon'), idOf('lobbyMorning')]);
    expect(idsOf(nightlyOnFirstDay)).toEqual([idOf('nightly')]);
    expect(otherCategory).toEqual([]);
    expect(unknownRule).toEqual([]);
  });

  it('returns at most `limit` entries, the newest', async () => {
    const two = await list('?limit=2');
    const oneOfTheRule = await list(`?ruleId=${RECORD_ON_MOTION}&limit=1`);

    expect(idsOf(two)).toEqual([idOf('external'), idOf('nightly')]);
    expect(idsOf(oneOfTheRule)).toEqual([idOf('gateNoon')]);
  });

  it('exports the filtered entries as CSV, with formula-like values neutralised', async () => {
    // When the entries of the motion rule are exported
    const response = await get(`?ruleId=${RECORD_ON_MOTION}&format=csv`).expect(200);

    // Then the CSV holds exactly those entries, newest first
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="rule-triggered-log.csv"');
    const lines = response.text.split('\r\n');
    expect(lines).toEqual([
      'entryId,at,message,category,sourceType,sourceName,eventType,ruleName,serviceName,ruleId,triggeringEventId',
      [
        idOf('gateNoon'),
        '2025-03-01T12:00:00.000Z',
        `"'=HYPERLINK(""x""), said cam-gate"`,
        'Rule',
        'device',
        'cam-gate',
        'MotionStarted',
        'Record on Motion',
        'Vigil Rule Engine',
        RECORD_ON_MOTION,
        made.get('gateNoon')!.data.triggeringEventId,
      ].join(','),
      [
        idOf('lobbyMorning'),
        '2025-03-01T08:00:00.000Z',
        'Motion on cam-lobby (Record on Motion)',
        'Rule',
        'device',
        'cam-lobby',
        'MotionStarted',
        'Record on Motion',
        'Vigil Rule Engine',
        RECORD_ON_MOTION,
        made.get('lobbyMorning')!.data.triggeringEventId,
      ].join(','),
      '',
    ]);
  });

  it('is refused to a user without logs.readRuleTriggered', async () => {
    // Given a Viewer (no logs.readRuleTriggered), When the log is read, Then 403 and no entries
    const response = await get('', viewer).expect(403);
    const csv = await get('?format=csv', viewer).expect(403);

    expect(JSON.stringify(response.body)).not.toContain(idOf('gateNoon'));
    expect(csv.text).not.toContain(idOf('gateNoon'));
  });

  it('refuses bad filters with 400 and the field named', async () => {
    const badFrom = await get('?from=yesterday').expect(400);
    const badLimit = await get('?limit=0').expect(400);
    const badSourceType = await get('?sourceType=server').expect(400);
    const badFormat = await get('?format=xml').expect(400);

    expect(badFrom.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(badFrom.body)).toContain('from');
    expect(JSON.stringify(badLimit.body)).toContain('limit');
    expect(JSON.stringify(badSourceType.body)).toContain('sourceType');
    expect(JSON.stringify(badFormat.body)).toContain('format');
  });

  it('shows an entry appended twice with the same event id once', async () => {
    // Given an entry appended twice with the same event id (a retried job)
    const id = randomUUID();
    const data = ruleLogEntryOf(logJob({ at: at('2025-03-03T10:00:00.000Z'), ruleId: 'retried-rule' }));
    await append(id, data);
    await append(id, data);

    // When the log is read, Then the entry is there once
    expect(idsOf(await list('?ruleId=retried-rule'))).toEqual([id]);
  });

  it('projects an event delivered twice once (a replayed batch), and empties the log on reset', async () => {
    // Given the stored event of an entry, handled again by the projection in a transaction that is rolled back
    const stored: StoredEvent[] = await readAllOf(store.readAll({ filter: { eventTypes: ['RuleLogEntryMade'] } }));
    const event = stored.find((candidate) => candidate.id === idOf('gateNoon'))!;
    const projection = new RuleLogProjection();
    const client = await api.app.get<Pool>(PG_POOL).connect();
    const count = async (): Promise<number> =>
      Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM logs.rule_log')).rows[0]!.n);
    try {
      await client.query('BEGIN');
      const before = await count();

      // When the same batch is handled twice, then the projection is reset
      await projection.handle([event], client);
      await projection.handle([event, event], client);
      const afterReplay = await count();
      await projection.reset(client);
      const afterReset = await count();

      // Then the replay added nothing and the reset emptied the log
      expect(before).toBe(made.size + 1);
      expect(afterReplay).toBe(before);
      expect(afterReset).toBe(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(await list('')).toHaveLength(made.size + 1);
  });
});
