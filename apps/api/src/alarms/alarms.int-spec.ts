import {
  ADMINISTRATOR_ROLE_ID,
  alarmStream,
  auditStream,
  OPERATOR_ROLE_ID,
  VIEWER_ROLE_ID,
  type GlobalPosition,
} from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { randomUUID } from 'node:crypto';
import type { AuditRow } from '../audit/audit.dto';
import { AuditReadModel } from '../audit/audit-read-model';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import { raiseAlarm } from '../testing/raise-alarm';
import { AlarmsReadModel } from './alarms-read-model';
import type { AlarmCounts, AlarmHistory, AlarmPage, AlarmView, BulkAlarmResponse } from './alarms.dto';

const PASSWORD = 'Str0ng-Passw0rd!';
const allCameras = { kind: 'all', deviceKinds: ['cameras'] };

type User = Readonly<{ userId: string; session: Session }>;

describe('alarms API (operators handling alarms)', () => {
  let api: ApiTestApp;
  let store: PostgresEventStore;
  let owner: Session;
  let operator: User;
  let viewer: User;
  let lobbyGuard: User;
  let administrator: User;
  let definitionId: string;

  const as = <T extends { set: (name: string, value: string) => T }>(call: T, session = owner): T =>
    call.set('Authorization', bearer(session));

  const userWith = async (userName: string, roleIds: string[]): Promise<User> => {
    const created = await as(api.http().post('/api/users'))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds })
      .expect(201);
    return { userId: (created.body as { userId: string }).userId, session: await login(api, userName, PASSWORD) };
  };

  /** Given an alarm raised as the alarm engine raises it, visible in the alarm list. */
  const raise = async (alarm: Partial<Parameters<typeof raiseAlarm>[1]> = {}): Promise<string> => {
    const { alarmId, position } = await raiseAlarm(store, { alarmDefinitionId: definitionId, ...alarm });
    await api.app.get(AlarmsReadModel).caughtUp(position);
    return alarmId;
  };

  const alarm = async (alarmId: string, session = owner): Promise<AlarmView> =>
    (await as(api.http().get(`/api/alarms/${alarmId}`), session).expect(200)).body as AlarmView;

  const list = async (query: string, session = owner): Promise<AlarmPage> =>
    (await as(api.http().get(`/api/alarms?${query}`), session).expect(200)).body as AlarmPage;

  /** Where the stream's last event is in the global order: what a read model must reach to show it. */
  const lastPosition = async (streamId: string): Promise<GlobalPosition | undefined> => {
    for await (const stored of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) {
      return stored.position;
    }
    return undefined;
  };

  const ids = (page: AlarmPage): string[] => page.alarms.map((entry) => entry.alarmId);

  const setReasonsForClosing = async (enabled: boolean, reasons: string[]): Promise<void> => {
    await as(api.http().put('/api/alarm-settings/reasons-for-closing')).send({ enabled, reasons }).expect(204);
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    const definition = await as(api.http().post('/api/alarm-definitions'))
      .send({ name: 'Motion', triggeringEvent: { eventType: 'MotionStarted', sources: allCameras } })
      .expect(201);
    definitionId = (definition.body as { alarmDefinitionId: string }).alarmDefinitionId;
    const lobbyRole = await as(api.http().post('/api/roles'))
      .send({
        name: 'Lobby guards',
        description: 'Handle the alarms of the lobby camera only',
        grants: { 'alarms.view': 'allow', 'alarms.manage': 'allow' },
        cameraGrants: [{ scope: { kind: 'camera', cameraId: 'cam-lobby' }, permissions: { viewLive: 'allow' } }],
      })
      .expect(201);
    operator = await userWith('oscar', [OPERATOR_ROLE_ID]);
    viewer = await userWith('vera', [VIEWER_ROLE_ID]);
    lobbyGuard = await userWith('lena', [(lobbyRole.body as { roleId: string }).roleId]);
    administrator = await userWith('adam', [ADMINISTRATOR_ROLE_ID]);
  });
  afterAll(async () => {
    await store.close();
    await api.close();
  });

  it('takes an alarm from New through acknowledged, assigned and commented to closed with a reason, and audits it', async () => {
    // Given a new alarm from the lobby camera, and reasons for closing enabled
    const alarmId = await raise({ sourceDeviceId: 'cam-lobby', name: 'Motion in the lobby', priority: 2 });
    await setReasonsForClosing(true, ['Solved-Trespasser', 'False Alarm']);
    const raised = await alarm(alarmId, operator.session);

    // When an operator acknowledges it, assigns it to the lobby guard, comments and closes it
    await as(api.http().post(`/api/alarms/${alarmId}/acknowledge`), operator.session).expect(204);
    const acknowledged = await alarm(alarmId, operator.session);
    await as(api.http().post(`/api/alarms/${alarmId}/assign`), operator.session)
      .send({ ownerId: lobbyGuard.userId })
      .expect(204);
    await as(api.http().post(`/api/alarms/${alarmId}/comments`), operator.session)
      .send({ text: 'Guard on the way.' })
      .expect(204);
    const withoutReason = await as(api.http().post(`/api/alarms/${alarmId}/close`), operator.session)
      .send({ comment: 'Nothing there.' })
      .expect(422);
    const unknownReason = await as(api.http().post(`/api/alarms/${alarmId}/close`), operator.session)
      .send({ reason: 'Bored' })
      .expect(422);
    await as(api.http().post(`/api/alarms/${alarmId}/close`), operator.session)
      .send({ reason: 'False Alarm', comment: 'A cleaner.' })
      .expect(204);
    await setReasonsForClosing(false, ['Solved-Trespasser', 'False Alarm']);
    const closed = await alarm(alarmId, operator.session);
    const history = (await as(api.http().get(`/api/alarms/${alarmId}/history`), viewer.session).expect(200))
      .body as AlarmHistory;

    // Then each step shows in the list, the refused closings changed nothing, and the history says who did what
    expect(raised).toMatchObject({
      alarmId,
      alarmDefinitionId: definitionId,
      name: 'Motion in the lobby',
      priority: 2,
      priorityName: 'Medium',
      stateLevel: 1,
      stateName: 'New',
      sourceDeviceId: 'cam-lobby',
      commentCount: 0,
    });
    expect(raised.ownerId).toBeUndefined();
    expect(acknowledged).toMatchObject({
      stateLevel: 4,
      stateName: 'In progress',
      ownerId: operator.userId,
      ownerName: 'oscar',
      acknowledgedBy: operator.userId,
    });
    expect(withoutReason.body).toMatchObject({ statusCode: 422, code: 'ALARM_CLOSING_REASON_REQUIRED' });
    expect(unknownReason.body).toMatchObject({ statusCode: 422, code: 'ALARM_CLOSING_REASON_UNKNOWN' });
    expect(closed).toMatchObject({
      stateLevel: 11,
      stateName: 'Closed',
      ownerId: lobbyGuard.userId,
      ownerName: 'lena',
      closedBy: operator.userId,
      closedReason: 'False Alarm',
      commentCount: 2,
    });
    expect(history.entries.map((entry) => [entry.type, entry.byUserName, entry.details])).toEqual([
      [
        'AlarmRaised',
        undefined,
        expect.objectContaining({ alarmDefinitionId: definitionId, priority: 2, sourceDeviceId: 'cam-lobby' }),
      ],
      ['AlarmAcknowledged', 'oscar', {}],
      ['AlarmAssigned', 'oscar', { ownerId: lobbyGuard.userId, previousOwnerId: operator.userId }],
      ['AlarmCommented', 'oscar', { text: 'Guard on the way.' }],
      ['AlarmCommented', 'oscar', { text: 'A cleaner.' }],
      ['AlarmClosed', 'oscar', { reason: 'False Alarm' }],
    ]);
    expect(history.entries.every((entry) => !Number.isNaN(Date.parse(entry.at)))).toBe(true);

    // And the audit log has each handling, with who, when and from where
    await api.app.get(AuditReadModel).caughtUp(await lastPosition(alarmStream(alarmId)));
    const audit = (await as(api.http().get(`/api/audit?category=alarms&userId=${operator.userId}`)).expect(200))
      .body as AuditRow[];
    expect(audit.filter((row) => row.targetId === alarmId).map((row) => row.action)).toEqual(
      expect.arrayContaining(['AlarmAcknowledged', 'AlarmAssigned', 'AlarmCommented', 'AlarmClosed']),
    );
    expect(audit.find((row) => row.action === 'AlarmClosed' && row.targetId === alarmId)).toMatchObject({
      category: 'alarms',
      actorId: operator.userId,
      address: expect.stringMatching(/127\.0\.0\.1/) as unknown,
      permitted: true,
      details: { reason: 'False Alarm' },
    });
  });

  it('refuses invalid transitions: acknowledging a closed alarm or one already acknowledged is a 409', async () => {
    // Given a closed alarm and an acknowledged one
    const closedId = await raise({ sourceDeviceId: 'cam-1' });
    const acknowledgedId = await raise({ sourceDeviceId: 'cam-1' });
    await as(api.http().post(`/api/alarms/${closedId}/close`), operator.session)
      .send({})
      .expect(204);
    await as(api.http().post(`/api/alarms/${acknowledgedId}/acknowledge`), operator.session).expect(204);

    // When they are acknowledged (again), or the closed one is changed
    const closed = await as(api.http().post(`/api/alarms/${closedId}/acknowledge`), operator.session).expect(409);
    const again = await as(api.http().post(`/api/alarms/${acknowledgedId}/acknowledge`), operator.session).expect(409);
    const moved = await as(api.http().post(`/api/alarms/${closedId}/state`), operator.session)
      .send({ state: 4 })
      .expect(409);
    const closing = await as(api.http().post(`/api/alarms/${acknowledgedId}/state`), operator.session)
      .send({ state: 11 })
      .expect(422);
    const unknownPriority = await as(api.http().post(`/api/alarms/${acknowledgedId}/priority`), operator.session)
      .send({ priority: 42 })
      .expect(422);

    // Then each is refused with its code, and nothing changed
    expect(closed.body).toEqual({
      statusCode: 409,
      code: 'ALARM_CLOSED',
      message: `alarm ${closedId} is closed`,
    });
    expect(again.body).toMatchObject({ statusCode: 409, code: 'ALARM_NOT_NEW' });
    expect(moved.body).toMatchObject({ code: 'ALARM_CLOSED' });
    expect(closing.body).toMatchObject({ code: 'ALARM_STATE_INVALID' });
    expect(unknownPriority.body).toMatchObject({ code: 'ALARM_PRIORITY_UNKNOWN' });
    expect((await alarm(closedId)).stateLevel).toBe(11);
    expect(await alarm(acknowledgedId)).toMatchObject({ stateLevel: 4, priority: 1 });
  });

  it('answers an alarm from a camera the user cannot see exactly as an alarm that does not exist', async () => {
    // Given an alarm from the vault camera, which the lobby guard's role cannot see, and one from the lobby
    const vaultId = await raise({ sourceDeviceId: 'cam-vault', name: 'Motion in the vault' });
    const lobbyId = await raise({ sourceDeviceId: 'cam-lobby' });
    const missingId = randomUUID();
    const sameAsMissing = async (path: (alarmId: string) => string, method: 'get' | 'post', body?: object) => {
      const call = (alarmId: string) => {
        const request = as(api.http()[method](path(alarmId)), lobbyGuard.session);
        return body === undefined ? request : request.send(body);
      };
      const missing = await call(missingId);
      const hidden = await call(vaultId);
      return { missing: { status: missing.status, body: missing.body as unknown }, hidden: hidden.body as unknown };
    };

    // When the lobby guard reads it, its history, or acts on it
    const answers = [
      await sameAsMissing((id) => `/api/alarms/${id}`, 'get'),
      await sameAsMissing((id) => `/api/alarms/${id}/history`, 'get'),
      await sameAsMissing((id) => `/api/alarms/${id}/acknowledge`, 'post'),
      await sameAsMissing((id) => `/api/alarms/${id}/close`, 'post', { reason: 'False Alarm' }),
      await sameAsMissing((id) => `/api/alarms/${id}/assign`, 'post', { ownerId: lobbyGuard.userId }),
    ];
    const listed = await list('limit=500', lobbyGuard.session);
    const counts = (await as(api.http().get('/api/alarms/counts'), lobbyGuard.session).expect(200)).body as AlarmCounts;
    const everyone = (await as(api.http().get('/api/alarms/counts')).expect(200)).body as AlarmCounts;

    // Then every answer is the 404 of a missing alarm (only the id in the message differs), the vault alarm is in
    // neither the list nor the counts, and it is still New
    for (const { missing, hidden } of answers) {
      expect(missing).toEqual({
        status: 404,
        body: { statusCode: 404, code: 'ALARM_NOT_FOUND', message: `alarm ${missingId} does not exist` },
      });
      expect(hidden).toEqual({ statusCode: 404, code: 'ALARM_NOT_FOUND', message: `alarm ${vaultId} does not exist` });
    }
    expect(ids(listed)).toContain(lobbyId);
    expect(ids(listed)).not.toContain(vaultId);
    expect(listed.alarms.every((entry) => entry.sourceDeviceId === 'cam-lobby')).toBe(true);
    expect(counts.total).toBe(listed.alarms.length);
    expect(everyone.total).toBeGreaterThan(counts.total);
    expect(await alarm(vaultId)).toMatchObject({ stateLevel: 1 });
    await as(api.http().post(`/api/alarms/${lobbyId}/acknowledge`), lobbyGuard.session).expect(204);

    // And the audit log, which only those with logs.readAudit read, has each attempt on the hidden alarm as a denial
    await api.app.get(AuditReadModel).caughtUp(await lastPosition(auditStream(Date.now())));
    const denials = (await as(api.http().get(`/api/audit?category=access&userId=${lobbyGuard.userId}`)).expect(200))
      .body as AuditRow[];
    expect(denials.filter((row) => (row.details['path'] as string).includes(vaultId))).toHaveLength(answers.length);
    expect(denials[0]).toMatchObject({
      action: 'PermissionDenied',
      permitted: false,
      details: { required: 'visibility of the alarm' },
    });
    expect(denials.some((row) => (row.details['path'] as string).includes(missingId))).toBe(false);
  });

  it('lets a View-only user list and read alarms, and refuses every change with 403', async () => {
    // Given an alarm the viewer can see
    const alarmId = await raise({ sourceDeviceId: 'cam-1' });

    // When the viewer lists it and tries to handle it
    const listed = await list(`alarmDefinitionId=${definitionId}&limit=500`, viewer.session);
    const refusals = [
      await as(api.http().post(`/api/alarms/${alarmId}/acknowledge`), viewer.session).expect(403),
      await as(api.http().post(`/api/alarms/${alarmId}/assign`), viewer.session)
        .send({ ownerId: viewer.userId })
        .expect(403),
      await as(api.http().post(`/api/alarms/${alarmId}/priority`), viewer.session)
        .send({ priority: 3 })
        .expect(403),
      await as(api.http().post(`/api/alarms/${alarmId}/state`), viewer.session)
        .send({ state: 9 })
        .expect(403),
      await as(api.http().post(`/api/alarms/${alarmId}/comments`), viewer.session)
        .send({ text: 'hi' })
        .expect(403),
      await as(api.http().post(`/api/alarms/${alarmId}/close`), viewer.session)
        .send({})
        .expect(403),
      await as(api.http().post('/api/alarms/bulk/state'), viewer.session)
        .send({ alarmIds: [alarmId], state: 9 })
        .expect(403),
    ];

    // Then it is listed, every change is FORBIDDEN, and the alarm is untouched
    expect(ids(listed)).toContain(alarmId);
    expect(refusals.map((response) => (response.body as { code: string }).code)).toEqual(
      refusals.map(() => 'FORBIDDEN'),
    );
    expect(await alarm(alarmId)).toMatchObject({ stateLevel: 1, priority: 1, commentCount: 0 });
  });

  it('filters, sorts, pages and counts the alarm list', async () => {
    // Given five alarms of their own definition, raised a minute apart, with various priorities, categories and sources
    await as(api.http().put('/api/alarm-settings/categories'))
      .send({
        categories: [
          { level: 1, name: 'False alarm' },
          { level: 2, name: 'Need investigation' },
        ],
      })
      .expect(204);
    const own = randomUUID();
    const t0 = Date.parse('2026-03-01T10:00:00.000Z');
    const minute = 60_000;
    const a = await raise({ alarmDefinitionId: own, priority: 3, sourceDeviceId: 'cam-1', now: t0 });
    const b = await raise({
      alarmDefinitionId: own,
      priority: 1,
      sourceDeviceId: 'cam-2',
      categoryLevel: 2,
      now: t0 + minute,
    });
    const c = await raise({
      alarmDefinitionId: own,
      priority: 2,
      sourceDeviceId: 'cam-1',
      categoryLevel: 1,
      now: t0 + 2 * minute,
    });
    const d = await raise({ alarmDefinitionId: own, priority: 1, now: t0 + 3 * minute });
    const e = await raise({ alarmDefinitionId: own, priority: 3, sourceDeviceId: 'cam-2', now: t0 + 4 * minute });
    await as(api.http().post(`/api/alarms/${b}/acknowledge`), operator.session).expect(204);
    await as(api.http().post(`/api/alarms/${c}/state`), operator.session)
      .send({ state: 9 })
      .expect(204);
    await as(api.http().post(`/api/alarms/${e}/close`), operator.session)
      .send({})
      .expect(204);
    const of = `alarmDefinitionId=${own}`;

    // When the list is read with filters, sorts and pages
    const newestFirst = await list(of);
    const byPriority = await list(`${of}&sort=priority`);
    const byStateDesc = await list(`${of}&sort=state&order=desc`);
    const highest = await list(`${of}&priority=1`);
    const openOnes = await list(`${of}&closed=false`);
    const newOrOnHold = await list(`${of}&state=1,9`);
    const categorised = await list(`${of}&category=1&category=2`);
    const fromCam2 = await list(`${of}&sourceDeviceId=cam-2`);
    const owned = await list(`${of}&ownerId=${operator.userId}`);
    const window = await list(
      `${of}&from=${new Date(t0 + minute).toISOString()}&to=${new Date(t0 + 3 * minute).toISOString()}`,
    );
    const pages: AlarmPage[] = [await list(`${of}&sort=priority&limit=2`)];
    while (pages.at(-1)?.nextCursor !== undefined) {
      pages.push(await list(`${of}&sort=priority&limit=2&cursor=${pages.at(-1)?.nextCursor ?? ''}`));
    }
    const counts = (await as(api.http().get(`/api/alarms/counts?${of}`)).expect(200)).body as AlarmCounts;
    const openCounts = (await as(api.http().get(`/api/alarms/counts?${of}&closed=false`)).expect(200))
      .body as AlarmCounts;
    await as(api.http().get(`/api/alarms/counts?${of}&limit=5`)).expect(400);
    const badCursor = await as(
      api.http().get(`/api/alarms?${of}&sort=time&cursor=${pages[0]?.nextCursor ?? ''}`),
    ).expect(400);
    const badSort = await as(api.http().get(`/api/alarms?${of}&sort=colour&priority=high`)).expect(400);

    // Then each answer holds exactly the alarms it should, in order
    expect(ids(newestFirst)).toEqual([e, d, c, b, a]);
    expect(newestFirst.nextCursor).toBeUndefined();
    expect(ids(byPriority)).toEqual([b, d, c, a, e]);
    expect(ids(byStateDesc)).toEqual([e, c, b, d, a]);
    expect(ids(highest)).toEqual([d, b]);
    expect(ids(openOnes)).toEqual([d, c, b, a]);
    expect(ids(newOrOnHold)).toEqual([d, c, a]);
    expect(ids(categorised)).toEqual([c, b]);
    expect(categorised.alarms.map((entry) => entry.categoryName)).toEqual(['False alarm', 'Need investigation']);
    expect(ids(fromCam2)).toEqual([e, b]);
    expect(ids(owned)).toEqual([b]);
    expect(ids(window)).toEqual([c, b]);
    expect(pages.map(ids)).toEqual([[b, d], [c, a], [e]]);
    expect(counts).toEqual({
      total: 5,
      byState: [
        { level: 1, name: 'New', count: 2 },
        { level: 4, name: 'In progress', count: 1 },
        { level: 9, name: 'On hold', count: 1 },
        { level: 11, name: 'Closed', count: 1 },
      ],
      byPriority: [
        { level: 1, name: 'High', count: 2 },
        { level: 2, name: 'Medium', count: 1 },
        { level: 3, name: 'Low', count: 2 },
      ],
    });
    expect(openCounts).toMatchObject({
      total: 4,
      byPriority: [
        { level: 1, count: 2 },
        { level: 2, count: 1 },
        { level: 3, count: 1 },
      ],
    });
    expect(badCursor.body).toMatchObject({ code: 'CURSOR_INVALID' });
    expect(badSort.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('changes the state of many alarms at once, answering for each, with an invisible alarm refused as missing', async () => {
    // Given two lobby alarms, one vault alarm (invisible to the lobby guard) and an id that exists nowhere
    const first = await raise({ sourceDeviceId: 'cam-lobby' });
    const second = await raise({ sourceDeviceId: 'cam-lobby' });
    const vault = await raise({ sourceDeviceId: 'cam-vault' });
    const missing = randomUUID();

    // When the lobby guard puts them all on hold
    const response = await as(api.http().post('/api/alarms/bulk/state'), lobbyGuard.session)
      .send({ alarmIds: [first, vault, second, missing], state: 9 })
      .expect(200);
    const again = await as(api.http().post('/api/alarms/bulk/state'), lobbyGuard.session)
      .send({ alarmIds: [first], state: 9 })
      .expect(200);

    // Then the visible ones are on hold, the vault alarm answers as the missing one and is unchanged
    expect((response.body as BulkAlarmResponse).results).toEqual([
      { alarmId: first, ok: true, changed: true },
      { alarmId: vault, ok: false, statusCode: 404, code: 'ALARM_NOT_FOUND', message: `alarm ${vault} does not exist` },
      { alarmId: second, ok: true, changed: true },
      {
        alarmId: missing,
        ok: false,
        statusCode: 404,
        code: 'ALARM_NOT_FOUND',
        message: `alarm ${missing} does not exist`,
      },
    ]);
    expect((again.body as BulkAlarmResponse).results).toEqual([{ alarmId: first, ok: true, changed: false }]);
    expect((await alarm(first)).stateName).toBe('On hold');
    expect((await alarm(second)).stateLevel).toBe(9);
    expect((await alarm(vault)).stateLevel).toBe(1);
  });

  it('acknowledges and closes in bulk', async () => {
    const first = await raise({ sourceDeviceId: 'cam-1' });
    const second = await raise({ sourceDeviceId: 'cam-2' });

    const acknowledged = await as(api.http().post('/api/alarms/bulk/acknowledge'), operator.session)
      .send({ alarmIds: [first, second] })
      .expect(200);
    const closed = await as(api.http().post('/api/alarms/bulk/close'), operator.session)
      .send({ alarmIds: [first, second], comment: 'Storm.' })
      .expect(200);
    const twice = await as(api.http().post('/api/alarms/bulk/acknowledge'), operator.session)
      .send({ alarmIds: [first] })
      .expect(200);

    expect((acknowledged.body as BulkAlarmResponse).results.every((result) => result.ok)).toBe(true);
    expect((closed.body as BulkAlarmResponse).results.every((result) => result.ok)).toBe(true);
    expect((twice.body as BulkAlarmResponse).results).toEqual([
      { alarmId: first, ok: false, statusCode: 409, code: 'ALARM_CLOSED', message: `alarm ${first} is closed` },
    ]);
    expect(await alarm(second)).toMatchObject({ stateLevel: 11, commentCount: 1 });
  });

  it('assigns only to users who may see the alarm, and not to administrators when the definition says so', async () => {
    // Given a definition whose alarms are not assignable to administrators, and an alarm of it from the vault
    const definition = await as(api.http().post('/api/alarm-definitions'))
      .send({
        name: 'Vault door',
        triggeringEvent: { eventType: 'MotionStarted', sources: allCameras },
        assignableToAdministrators: false,
      })
      .expect(201);
    const alarmId = await raise({
      alarmDefinitionId: (definition.body as { alarmDefinitionId: string }).alarmDefinitionId,
      sourceDeviceId: 'cam-vault',
    });

    // When it is assigned to an administrator, to the lobby guard (who cannot see the vault), to nobody, and to an operator
    const toAdministrator = await as(api.http().post(`/api/alarms/${alarmId}/assign`))
      .send({ ownerId: administrator.userId })
      .expect(422);
    const toLobbyGuard = await as(api.http().post(`/api/alarms/${alarmId}/assign`))
      .send({ ownerId: lobbyGuard.userId })
      .expect(422);
    const toNobody = await as(api.http().post(`/api/alarms/${alarmId}/assign`))
      .send({ ownerId: randomUUID() })
      .expect(422);
    await as(api.http().post(`/api/alarms/${alarmId}/assign`))
      .send({ ownerId: operator.userId })
      .expect(204);

    // Then only the operator became the owner
    expect([toAdministrator.body, toLobbyGuard.body, toNobody.body]).toEqual([
      expect.objectContaining({ code: 'ALARM_OWNER_INVALID' }),
      expect.objectContaining({ code: 'ALARM_OWNER_INVALID' }),
      expect.objectContaining({ code: 'ALARM_OWNER_INVALID' }),
    ]);
    expect(await alarm(alarmId)).toMatchObject({ ownerId: operator.userId, ownerName: 'oscar', stateLevel: 1 });
  });

  it('refuses malformed requests with 400', async () => {
    const alarmId = await raise({ sourceDeviceId: 'cam-1' });
    await as(api.http().post(`/api/alarms/${alarmId}/priority`), operator.session)
      .send({ priority: 'high' })
      .expect(400);
    await as(api.http().post(`/api/alarms/${alarmId}/comments`), operator.session)
      .send({ text: 'x', extra: 1 })
      .expect(400);
    await as(api.http().post('/api/alarms/bulk/state'), operator.session).send({ alarmIds: [], state: 9 }).expect(400);
    await as(api.http().get('/api/alarms?limit=0'), operator.session).expect(400);
    const whitespace = await as(api.http().post(`/api/alarms/${alarmId}/comments`), operator.session)
      .send({ text: '   ' })
      .expect(422);
    expect(whitespace.body).toMatchObject({ code: 'ALARM_COMMENT_INVALID' });
  });
});
