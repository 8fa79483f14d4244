import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { RuleValidation, RuleView } from './rules.dto';

const allCameras = { kind: 'all', deviceKinds: ['camera'] };

/** Record every camera on motion, only within a time profile, stopping 30 s after motion ends. */
const motionRule = (timeProfileId: string) => ({
  name: 'Record on motion at night',
  description: '',
  active: true,
  trigger: { kind: 'event', eventType: 'MotionStarted', sources: allCameras },
  conditions: [{ kind: 'withinTimeProfile', timeProfileId }],
  actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }],
  stop: {
    criterion: { kind: 'onEvent', eventType: 'MotionStopped', sources: allCameras },
    actions: [{ type: 'StopRecording', delaySeconds: 30 }],
  },
});

describe('rules API', () => {
  let api: ApiTestApp;
  let owner: Session;

  const as = <T extends { set: (name: string, value: string) => T }>(call: T): T =>
    call.set('Authorization', bearer(owner));

  beforeAll(async () => {
    api = await startApiTestApp();
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await api.close();
  });

  it('has the default rules after the first start, Go to Preset when PTZ is done inactive', async () => {
    const response = await as(api.http().get('/api/rules')).expect(200);
    const byName = new Map((response.body as RuleView[]).map((view) => [(view.rule as { name: string }).name, view]));

    expect([...byName.keys()]).toEqual(
      expect.arrayContaining(['Record on Motion', 'Record on Request', 'Record on Bookmark', 'Start Feed']),
    );
    expect((byName.get('Go to Preset when PTZ is done')?.rule as { active: boolean }).active).toBe(false);
    expect(byName.get('Record on Motion')?.description).toMatch(/^Perform an action on Motion Start/);
  });

  it('creates a rule, describes it in the seeds wording, deactivates, copies and deletes it', async () => {
    const created = await as(api.http().post('/api/rules')).send(motionRule('always')).expect(201);
    const ruleId = (created.body as { ruleId: string }).ruleId;

    const fetched = await as(api.http().get(`/api/rules/${ruleId}`)).expect(200);
    await as(api.http().post(`/api/rules/${ruleId}/deactivate`)).expect(204);
    const copy = await as(api.http().post(`/api/rules/${ruleId}/copy`))
      .send({ name: 'Copy at night' })
      .expect(201);
    const deactivated = await as(api.http().get(`/api/rules/${ruleId}`)).expect(200);
    await as(api.http().delete(`/api/rules/${ruleId}`)).expect(204);

    expect((fetched.body as RuleView).description).toContain(
      'start recording 3 seconds before on the device on which event occurred',
    );
    expect((fetched.body as RuleView).version).toBe(1);
    expect(deactivated.body).toMatchObject({ version: 2, rule: { active: false } });
    const copied = await as(api.http().get(`/api/rules/${(copy.body as { ruleId: string }).ruleId}`)).expect(200);
    expect(copied.body).toMatchObject({ rule: { name: 'Copy at night' } });
    await as(api.http().get(`/api/rules/${ruleId}`)).expect(404);
  });

  it('refuses an invalid rule with 422 listing every problem', async () => {
    const invalid = { ...motionRule('no-such-profile'), stop: undefined };

    const response = await as(api.http().post('/api/rules')).send(invalid).expect(422);

    expect(response.body).toMatchObject({ code: 'RULE_INVALID' });
    const problems = (response.body as { details: { problems: string[] } }).details.problems.join('\n');
    expect(problems).toContain('no-such-profile');
    expect(problems).toMatch(/StopRecording|stop/i);
  });

  it('answers malformed shapes with 400 or 422, never 500', async () => {
    const nullTrigger = await as(api.http().post('/api/rules')).send({ ...motionRule('always'), trigger: null });
    const garbage = await as(api.http().post('/api/rules')).send({ ...motionRule('always'), actions: [null, 5] });

    expect(nullTrigger.status).toBe(400);
    expect([400, 422]).toContain(garbage.status);
  });

  it('reports broken references by rule name, and keeps a used time profile from deletion', async () => {
    const profile = await as(api.http().post('/api/time-profiles'))
      .send({
        name: 'Nights',
        description: '',
        timeZone: 'UTC',
        kind: 'schedule',
        entries: [
          {
            type: 'recurring',
            startTime: '22:00',
            endTime: '06:00',
            pattern: { kind: 'daily', everyNDays: 1 },
            range: { startDate: '2026-01-01', end: { kind: 'never' } },
          },
        ],
      })
      .expect(201);
    const profileId = (profile.body as { timeProfileId: string }).timeProfileId;
    await as(api.http().post('/api/rules')).send(motionRule(profileId)).expect(201);

    const deletion = await as(api.http().delete(`/api/time-profiles/${profileId}`)).expect(409);
    const validation = await as(api.http().get('/api/rules/validation')).expect(200);

    expect(JSON.stringify(deletion.body)).toContain('rule Record on motion at night');
    expect((validation.body as RuleValidation[]).every((entry) => entry.problems.length === 0)).toBe(true);
  });

  it("reports a rule whose user-defined event was deleted, by the rule's name", async () => {
    const event = await as(api.http().post('/api/user-defined-events')).send({ name: 'Panic' }).expect(201);
    const eventId = (event.body as { userDefinedEventId: string }).userDefinedEventId;
    await as(api.http().post('/api/rules'))
      .send({
        name: 'Log panics',
        description: '',
        active: true,
        trigger: { kind: 'event', eventType: 'UserDefinedEventTriggered', eventId, sources: { kind: 'external' } },
        conditions: [],
        actions: [{ type: 'MakeLogEntry', text: 'Panic!' }],
      })
      .expect(201);

    await as(api.http().delete(`/api/user-defined-events/${eventId}`)).expect(204);
    const validation = await as(api.http().get('/api/rules/validation')).expect(200);

    const broken = (validation.body as RuleValidation[]).filter((entry) => entry.problems.length > 0);
    expect(broken.map((entry) => entry.name)).toEqual(['Log panics']);
    expect(broken[0]?.problems.join(' ')).toContain(eventId);
  });
});
