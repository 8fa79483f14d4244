import { OPERATOR_ROLE_ID } from '@vigil/domain';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { AlarmSettingsView } from './alarm-settings.dto';

const problemsOf = (body: unknown): string[] => (body as { details: { problems: string[] } }).details.problems;

describe('alarm data settings API', () => {
  let api: ApiTestApp;
  let owner: Session;

  const as = <T extends { set: (name: string, value: string) => T }>(call: T, session = owner): T =>
    call.set('Authorization', bearer(session));
  const settings = async (): Promise<AlarmSettingsView> =>
    (await as(api.http().get('/api/alarm-settings')).expect(200)).body as AlarmSettingsView;

  beforeAll(async () => {
    api = await startApiTestApp();
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await api.close();
  });

  it('has the defaults after the first start: High/Medium/Low, the fixed states, reasons for closing disabled', async () => {
    expect(await settings()).toEqual({
      priorities: [
        { level: 1, name: 'High', repeatSound: false, desktopNotifications: false },
        { level: 2, name: 'Medium', repeatSound: false, desktopNotifications: false },
        { level: 3, name: 'Low', repeatSound: false, desktopNotifications: false },
      ],
      states: [
        { level: 1, name: 'New', builtIn: true },
        { level: 4, name: 'In progress', builtIn: true },
        { level: 9, name: 'On hold', builtIn: true },
        { level: 11, name: 'Closed', builtIn: true },
      ],
      categories: [],
      reasonsForClosing: { enabled: false, reasons: [] },
      retention: { closedAlarmsDays: 1, openAlarmsDays: 30 },
    });
  });

  it('replaces the priorities', async () => {
    await as(api.http().put('/api/alarm-settings/priorities'))
      .send({
        priorities: [
          { level: 1, name: 'High', sound: 'Alarm01', repeatSound: true, desktopNotifications: true },
          { level: 2, name: 'Medium' },
          { level: 3, name: 'Low' },
          { level: 10, name: 'Info' },
        ],
      })
      .expect(204);

    const { priorities } = await settings();
    expect(priorities.map((priority) => priority.name)).toEqual(['High', 'Medium', 'Low', 'Info']);
    expect(priorities[0]).toEqual({
      level: 1,
      name: 'High',
      sound: 'Alarm01',
      repeatSound: true,
      desktopNotifications: true,
    });
  });

  it('adds custom states and refuses editing or reusing the levels 1, 4, 9 and 11', async () => {
    const current = (await settings()).states;
    await as(api.http().put('/api/alarm-settings/states'))
      .send({ states: [...current.map(({ level, name }) => ({ level, name })), { level: 20, name: 'Assigned' }] })
      .expect(204);
    const edited = await as(api.http().put('/api/alarm-settings/states'))
      .send({ states: [{ level: 4, name: 'Working on it' }] })
      .expect(422);
    const reused = await as(api.http().put('/api/alarm-settings/states'))
      .send({
        states: [
          { level: 20, name: 'Assigned' },
          { level: 9, name: 'Parked' },
          { level: 11, name: 'Done' },
        ],
      })
      .expect(422);

    expect((await settings()).states).toContainEqual({ level: 20, name: 'Assigned', builtIn: false });
    expect(edited.body).toMatchObject({ code: 'ALARM_SETTINGS_INVALID' });
    expect(problemsOf(edited.body)).toEqual([
      'STATE_LEVEL_RESERVED: level 4 is the built-in state In progress; built-in states cannot be edited or reused',
    ]);
    expect(problemsOf(reused.body)).toHaveLength(2);
  });

  it('keeps categories and refuses level 99', async () => {
    await as(api.http().put('/api/alarm-settings/categories'))
      .send({
        categories: [
          { level: 1, name: 'False alarm' },
          { level: 2, name: 'Need investigation' },
        ],
      })
      .expect(204);
    const reserved = await as(api.http().put('/api/alarm-settings/categories'))
      .send({ categories: [{ level: 99, name: 'Emergency' }] })
      .expect(422);

    expect((await settings()).categories).toEqual([
      { level: 1, name: 'False alarm' },
      { level: 2, name: 'Need investigation' },
    ]);
    expect(problemsOf(reserved.body)).toEqual([
      'CATEGORY_LEVEL_RESERVED: level 99 is reserved for the Emergency Alert alarm',
    ]);
  });

  it('enables reasons for closing only with reasons', async () => {
    await as(api.http().put('/api/alarm-settings/reasons-for-closing'))
      .send({ enabled: true, reasons: [] })
      .expect(422);
    await as(api.http().put('/api/alarm-settings/reasons-for-closing'))
      .send({ enabled: true, reasons: ['Solved-Trespasser', 'False Alarm'] })
      .expect(204);

    expect((await settings()).reasonsForClosing).toEqual({
      enabled: true,
      reasons: ['Solved-Trespasser', 'False Alarm'],
    });
  });

  it('keeps the retention of closed and open alarms, refusing negative days', async () => {
    await as(api.http().put('/api/alarm-settings/retention'))
      .send({ closedAlarmsDays: 0, openAlarmsDays: 90 })
      .expect(204);
    const invalid = await as(api.http().put('/api/alarm-settings/retention'))
      .send({ closedAlarmsDays: -1, openAlarmsDays: 90 })
      .expect(422);

    expect((await settings()).retention).toEqual({ closedAlarmsDays: 0, openAlarmsDays: 90 });
    expect(problemsOf(invalid.body)).toEqual([
      'RETENTION_INVALID: closedAlarmsDays is a whole number of days from 0 to 3650',
    ]);
  });

  it('answers wrong types with 400', async () => {
    await as(api.http().put('/api/alarm-settings/priorities'))
      .send({ priorities: [{ level: 'one', name: 'High' }] })
      .expect(400);
    await as(api.http().put('/api/alarm-settings/retention')).send({ closedAlarmsDays: 1 }).expect(400);
  });

  it('lets an operator read the settings but not change them', async () => {
    await as(api.http().post('/api/users'))
      .send({ userName: 'olga', displayName: 'Olga', password: 'Str0ng-Passw0rd!', roleIds: [OPERATOR_ROLE_ID] })
      .expect(201);
    const operator = await login(api, 'olga', 'Str0ng-Passw0rd!');

    await as(api.http().get('/api/alarm-settings'), operator).expect(200);
    for (const [path, body] of [
      ['priorities', { priorities: [{ level: 1, name: 'High' }] }],
      ['states', { states: [] }],
      ['categories', { categories: [] }],
      ['reasons-for-closing', { enabled: false, reasons: [] }],
      ['retention', { closedAlarmsDays: 1, openAlarmsDays: 30 }],
    ] as const) {
      const response = await as(api.http().put(`/api/alarm-settings/${path}`), operator).send(body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });
});
