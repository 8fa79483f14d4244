import { alarmDefinitionStream, OPERATOR_ROLE_ID } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { AlarmDefinitionValidation, AlarmDefinitionView } from './alarm-definitions.dto';

const PASSWORD = 'Str0ng-Passw0rd!';
const allCameras = { kind: 'all', deviceKinds: ['cameras'] };
const external = { kind: 'external' };
const userDefined = (eventId: string) => ({ eventType: 'UserDefinedEventTriggered', eventId, sources: external });

/** Motion from any camera raises it; everything else left to the defaults. */
const motionAlarm = (name = 'Motion in the lobby') => ({
  name,
  triggeringEvent: { eventType: 'MotionStarted', sources: allCameras },
});

const problemsOf = (body: unknown): string[] => (body as { details: { problems: string[] } }).details.problems;

describe('alarm definitions API', () => {
  let api: ApiTestApp;
  let owner: Session;
  let ownerId: string;
  let store: PostgresEventStore;

  const as = <T extends { set: (name: string, value: string) => T }>(call: T, session = owner): T =>
    call.set('Authorization', bearer(session));

  const create = async (body: object): Promise<string> => {
    const response = await as(api.http().post('/api/alarm-definitions')).send(body).expect(201);
    return (response.body as { alarmDefinitionId: string }).alarmDefinitionId;
  };
  const userDefinedEvent = async (name: string): Promise<string> => {
    const response = await as(api.http().post('/api/user-defined-events')).send({ name }).expect(201);
    return (response.body as { userDefinedEventId: string }).userDefinedEventId;
  };
  const userWith = async (userName: string, roleIds: string[]): Promise<Session> => {
    await as(api.http().post('/api/users'))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds })
      .expect(201);
    return login(api, userName, PASSWORD);
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    ownerId = ((await as(api.http().get('/api/auth/me')).expect(200)).body as { userId: string }).userId;
  });
  afterAll(async () => {
    await store.close();
    await api.close();
  });

  it('creates a definition with the defaults of FEATURES 5.1, shows, updates and deletes it, recording who did it', async () => {
    // Given a definition with only a name and a triggering event
    const alarmDefinitionId = await create(motionAlarm());

    // When it is read, changed and deleted
    const fetched = await as(api.http().get(`/api/alarm-definitions/${alarmDefinitionId}`)).expect(200);
    await as(api.http().put(`/api/alarm-definitions/${alarmDefinitionId}`))
      .send({ ...motionAlarm('Motion in the lobby (nights)'), enabled: false, instructions: 'Call the guard.' })
      .expect(204);
    const updated = await as(api.http().get(`/api/alarm-definitions/${alarmDefinitionId}`)).expect(200);
    const listed = await as(api.http().get('/api/alarm-definitions')).expect(200);
    await as(api.http().delete(`/api/alarm-definitions/${alarmDefinitionId}`)).expect(204);

    // Then it had the defaults, the change made version 2, and the deletion is final
    expect((fetched.body as AlarmDefinitionView).definition).toEqual({
      id: alarmDefinitionId,
      enabled: true,
      name: 'Motion in the lobby',
      instructions: '',
      triggeringEvent: { eventType: 'MotionStarted', sources: allCameras },
      activation: { kind: 'timeProfile', timeProfileId: 'always' },
      operatorAction: { timeLimitSeconds: 60, eventsTriggered: [] },
      relatedCameraIds: [],
      initialPriority: 1,
      eventsTriggeredByAlarm: [],
      assignableToAdministrators: true,
    });
    expect(updated.body).toMatchObject({
      version: 2,
      definition: { name: 'Motion in the lobby (nights)', enabled: false, instructions: 'Call the guard.' },
    });
    expect((listed.body as AlarmDefinitionView[]).map((view) => view.definition.id)).toContain(alarmDefinitionId);
    await as(api.http().get(`/api/alarm-definitions/${alarmDefinitionId}`)).expect(404);
    await as(api.http().put(`/api/alarm-definitions/${alarmDefinitionId}`))
      .send(motionAlarm())
      .expect(404)
      .expect((response) => expect(response.body).toMatchObject({ code: 'ALARM_DEFINITION_NOT_FOUND' }));
    const stored = [];
    for await (const event of store.readStream(alarmDefinitionStream(alarmDefinitionId))) {
      stored.push(event);
    }
    expect(stored.map((event) => [event.type, event.metadata.actorId])).toEqual([
      ['AlarmDefinitionCreated', ownerId],
      ['AlarmDefinitionUpdated', ownerId],
      ['AlarmDefinitionDeleted', ownerId],
    ]);
  });

  it('keeps every field of FEATURES 5.1 with references that exist', async () => {
    // Given the events, the time profile, the owner and the category it refers to
    const doorForced = await userDefinedEvent('Door forced');
    const doorClosed = await userDefinedEvent('Door closed');
    const escalate = await userDefinedEvent('Escalate');
    const siren = await userDefinedEvent('Siren');
    await as(api.http().put('/api/alarm-settings/categories'))
      .send({ categories: [{ level: 5, name: 'Need investigation' }] })
      .expect(204);
    const body = {
      name: 'Door forced',
      instructions: 'Check the door cameras.',
      triggeringEvent: userDefined(doorForced),
      activation: { kind: 'eventBased', start: userDefined(doorForced), stop: userDefined(doorClosed) },
      operatorAction: { timeLimitSeconds: 120, eventsTriggered: [escalate] },
      initialOwnerId: ownerId,
      initialPriority: 2,
      categoryLevel: 5,
      eventsTriggeredByAlarm: [siren],
      autoCloseOn: userDefined(doorClosed),
      assignableToAdministrators: false,
    };

    // When it is created
    const alarmDefinitionId = await create(body);

    // Then it is stored as sent
    const fetched = await as(api.http().get(`/api/alarm-definitions/${alarmDefinitionId}`)).expect(200);
    expect((fetched.body as AlarmDefinitionView).definition).toEqual({
      ...body,
      id: alarmDefinitionId,
      enabled: true,
      relatedCameraIds: [],
    });
  });

  it('refuses an invalid definition with 422 listing every problem', async () => {
    const cameras = Array.from({ length: 16 }, (_, i) => `cam-${i + 1}`);

    const response = await as(api.http().post('/api/alarm-definitions'))
      .send({
        ...motionAlarm(),
        triggeringEvent: userDefined('no-such-event'),
        activation: { kind: 'timeProfile', timeProfileId: 'no-such-profile' },
        relatedCameraIds: cameras,
        initialOwnerId: 'no-such-user',
        initialPriority: 7,
        categoryLevel: 99,
      })
      .expect(422);

    expect(response.body).toMatchObject({ code: 'ALARM_DEFINITION_INVALID' });
    expect(problemsOf(response.body)).toEqual(
      expect.arrayContaining([
        'UNKNOWN_USER_DEFINED_EVENT: user-defined event no-such-event does not exist',
        'UNKNOWN_TIME_PROFILE: time profile no-such-profile does not exist',
        'RELATED_CAMERAS_TOO_MANY: at most 15 related cameras, not 16',
        'UNKNOWN_USER: the initial owner no-such-user is not a user',
        'UNKNOWN_PRIORITY: priority level 7 does not exist',
        'UNKNOWN_CATEGORY: category level 99 does not exist',
      ]),
    );
  });

  it('answers malformed shapes with 400 or 422, never 500', async () => {
    const noSources = await as(api.http().post('/api/alarm-definitions')).send({
      ...motionAlarm(),
      triggeringEvent: { eventType: 'MotionStarted' },
    });
    const wrongActivation = await as(api.http().post('/api/alarm-definitions')).send({
      ...motionAlarm(),
      activation: { kind: 'sometimes' },
    });
    const unknownField = await as(api.http().post('/api/alarm-definitions')).send({ ...motionAlarm(), maps: 'x' });
    const wrongType = await as(api.http().post('/api/alarm-definitions')).send({
      ...motionAlarm(),
      relatedCameraIds: 'cam-1',
    });

    expect(noSources.status).toBe(422);
    expect(noSources.body).toMatchObject({ code: 'ALARM_DEFINITION_INVALID' });
    expect(wrongActivation.status).toBe(422);
    expect(unknownField.status).toBe(400);
    expect(wrongType.status).toBe(400);
  });

  it('keeps a time profile an alarm definition uses from deletion, naming the definition', async () => {
    const profile = await as(api.http().post('/api/time-profiles'))
      .send({
        name: 'Office hours',
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
      })
      .expect(201);
    const timeProfileId = (profile.body as { timeProfileId: string }).timeProfileId;
    await create({ ...motionAlarm('Motion in office hours'), activation: { kind: 'timeProfile', timeProfileId } });

    const deletion = await as(api.http().delete(`/api/time-profiles/${timeProfileId}`)).expect(409);

    expect(deletion.body).toMatchObject({
      code: 'TIME_PROFILE_IN_USE',
      details: { usedBy: ['alarm definition Motion in office hours'] },
    });
  });

  it('reports a definition whose event was deleted, by its name', async () => {
    const eventId = await userDefinedEvent('Panic button');
    const alarmDefinitionId = await create({ name: 'Panic', triggeringEvent: userDefined(eventId) });

    await as(api.http().delete(`/api/user-defined-events/${eventId}`)).expect(204);
    const all = await as(api.http().get('/api/alarm-definitions/validation')).expect(200);
    const one = await as(api.http().get(`/api/alarm-definitions/${alarmDefinitionId}/validation`)).expect(200);

    const broken = (all.body as AlarmDefinitionValidation[]).filter((entry) => entry.problems.length > 0);
    expect(broken.map((entry) => entry.name)).toEqual(['Panic']);
    expect((one.body as AlarmDefinitionValidation).problems).toEqual([
      `UNKNOWN_USER_DEFINED_EVENT: user-defined event ${eventId} does not exist`,
    ]);
  });

  it('keeps a priority or category a definition uses from removal, naming the definition', async () => {
    // (level 5 is kept: the definition 'Door forced' above uses it)
    await as(api.http().put('/api/alarm-settings/categories'))
      .send({
        categories: [
          { level: 5, name: 'Need investigation' },
          { level: 7, name: 'False alarm' },
        ],
      })
      .expect(204);
    await create({ ...motionAlarm('Low motion'), initialPriority: 3, categoryLevel: 7 });

    const priorities = await as(api.http().put('/api/alarm-settings/priorities'))
      .send({ priorities: [{ level: 1, name: 'High' }] })
      .expect(409);
    const categories = await as(api.http().put('/api/alarm-settings/categories')).send({ categories: [] }).expect(409);

    expect(priorities.body).toMatchObject({ code: 'ALARM_SETTINGS_IN_USE' });
    expect(JSON.stringify(priorities.body)).toContain('alarm definition Low motion (priority 3)');
    expect(JSON.stringify(categories.body)).toContain('alarm definition Low motion (category 7)');
  });

  it('lets an operator read definitions but not change them, and a user without alarms.view not even read', async () => {
    const alarmDefinitionId = await create(motionAlarm('Seen by operators'));
    const operator = await userWith('oscar', [OPERATOR_ROLE_ID]);
    const role = await as(api.http().post('/api/roles'))
      .send({ name: 'Rules only', description: '', grants: { 'rules.view': 'allow' }, cameraGrants: [] })
      .expect(201);
    const rulesOnly = await userWith('rita', [(role.body as { roleId: string }).roleId]);

    await as(api.http().get('/api/alarm-definitions'), operator).expect(200);
    await as(api.http().get(`/api/alarm-definitions/${alarmDefinitionId}`), operator).expect(200);
    await as(api.http().post('/api/alarm-definitions'), operator).send(motionAlarm()).expect(403);
    await as(api.http().put(`/api/alarm-definitions/${alarmDefinitionId}`), operator)
      .send(motionAlarm())
      .expect(403);
    await as(api.http().delete(`/api/alarm-definitions/${alarmDefinitionId}`), operator).expect(403);
    const refused = await as(api.http().get('/api/alarm-definitions'), rulesOnly).expect(403);

    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    await as(api.http().get(`/api/alarm-definitions/${alarmDefinitionId}`)).expect(200);
  });
});
