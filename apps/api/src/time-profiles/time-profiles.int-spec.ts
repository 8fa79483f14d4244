import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { Evaluation } from './time-profiles.dto';

const officeHours = {
  name: 'Office hours',
  description: 'Weekdays 08:00-17:00',
  timeZone: 'Europe/Copenhagen',
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

describe('time profiles API', () => {
  let api: ApiTestApp;
  let owner: Session;

  const post = (body: object) => api.http().post('/api/time-profiles').set('Authorization', bearer(owner)).send(body);

  beforeAll(async () => {
    api = await startApiTestApp();
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await api.close();
  });

  it('creates a weekly profile and evaluates it in its own time zone, across the DST change', async () => {
    const created = await post(officeHours).expect(201);
    const id = (created.body as { timeProfileId: string }).timeProfileId;
    const evaluate = async (at: string) =>
      (
        await api
          .http()
          .get(`/api/time-profiles/${id}/evaluate?at=${at}`)
          .set('Authorization', bearer(owner))
          .expect(200)
      ).body as Evaluation;

    // Monday 2026-03-30 10:00 in Copenhagen is 08:00Z (summer time began the day before)
    const monday = await evaluate('2026-03-30T08:00:00Z');
    // Friday 2026-03-27 07:30Z is 08:30 local, still winter time
    const friday = await evaluate('2026-03-27T07:30:00Z');
    const saturday = await evaluate('2026-03-28T12:00:00Z');

    expect(monday).toEqual({
      at: '2026-03-30T08:00:00.000Z',
      within: true,
      nextTransition: { at: '2026-03-30T15:00:00.000Z', entering: false },
    });
    expect(friday.within).toBe(true);
    expect(saturday).toMatchObject({
      within: false,
      nextTransition: { at: '2026-03-30T06:00:00.000Z', entering: true },
    });
  });

  it('lists the built-in Always with the stored profiles', async () => {
    const response = await api.http().get('/api/time-profiles').set('Authorization', bearer(owner)).expect(200);

    expect((response.body as { id: string; name: string }[]).map((profile) => profile.id)).toContain('always');
  });

  it('refuses an invalid profile with 422 listing every problem, without taking its name', async () => {
    const invalid = {
      ...officeHours,
      name: 'Night watch',
      timeZone: 'Mars/Olympus_Mons',
      entries: [
        {
          type: 'recurring',
          startTime: '25:00',
          endTime: '06:00',
          pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [] },
          range: { startDate: '2026-01-01', end: { kind: 'never' } },
        },
      ],
    };

    const response = await post(invalid).expect(422);
    await post({ ...officeHours, name: 'Night watch' }).expect(201);

    expect(response.body).toMatchObject({ code: 'TIME_PROFILE_INVALID' });
    const problems = (response.body as { details: { problems: string[] } }).details.problems;
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.join(' ')).toContain('Mars/Olympus_Mons');
  });

  it('refuses a second profile with the same name, and changes to the built-in Always', async () => {
    await post({ ...officeHours, name: 'Weekend' }).expect(201);

    const twice = await post({ ...officeHours, name: 'WEEKEND' }).expect(400);
    const always = await api.http().delete('/api/time-profiles/always').set('Authorization', bearer(owner));

    expect(twice.body).toMatchObject({ code: 'TIME_PROFILE_NAME_TAKEN' });
    expect(always.status).toBe(403);
  });

  it('updates and deletes a profile; a deleted one is gone', async () => {
    const id = ((await post({ ...officeHours, name: 'Temporary' }).expect(201)).body as { timeProfileId: string })
      .timeProfileId;

    await api
      .http()
      .put(`/api/time-profiles/${id}`)
      .set('Authorization', bearer(owner))
      .send({ ...officeHours, name: 'Temporary', description: 'changed' })
      .expect(204);
    const changed = await api.http().get(`/api/time-profiles/${id}`).set('Authorization', bearer(owner)).expect(200);
    await api.http().delete(`/api/time-profiles/${id}`).set('Authorization', bearer(owner)).expect(204);

    expect(changed.body).toMatchObject({ description: 'changed' });
    await api.http().get(`/api/time-profiles/${id}`).set('Authorization', bearer(owner)).expect(404);
  });

  it('accepts a day-length profile', async () => {
    const created = await post({
      name: 'Daylight Copenhagen',
      description: 'from sunrise to sunset',
      timeZone: 'Europe/Copenhagen',
      kind: 'dayLength',
      latitude: 55.68,
      longitude: 12.57,
      sunriseOffsetMinutes: 0,
      sunsetOffsetMinutes: -30,
    }).expect(201);
    const id = (created.body as { timeProfileId: string }).timeProfileId;

    const noon = await api
      .http()
      .get(`/api/time-profiles/${id}/evaluate?at=2026-06-21T11:00:00Z`)
      .set('Authorization', bearer(owner))
      .expect(200);
    const midnight = await api
      .http()
      .get(`/api/time-profiles/${id}/evaluate?at=2026-06-21T23:00:00Z`)
      .set('Authorization', bearer(owner))
      .expect(200);

    expect((noon.body as Evaluation).within).toBe(true);
    expect((midnight.body as Evaluation).within).toBe(false);
  });
});
