import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';

const PASSWORD = 'Str0ng-Passw0rd!';

/** A profile whose only period ended long ago: nobody is ever within it again. */
const longAgo = {
  name: 'Summer 2020',
  description: 'over',
  timeZone: 'UTC',
  kind: 'schedule',
  entries: [{ type: 'single', start: '2020-06-01T00:00', end: '2020-09-01T00:00' }],
};

describe("a role's login time profile", () => {
  let api: ApiTestApp;
  let owner: Session;

  const asOwner = <T extends { set: (name: string, value: string) => T }>(call: T): T =>
    call.set('Authorization', bearer(owner));

  const roleWithLoginProfile = async (name: string, loginTimeProfileId: string): Promise<string> => {
    const response = await asOwner(api.http().post('/api/roles'))
      .send({ name, description: '', grants: { 'alarms.view': 'allow' }, cameraGrants: [], loginTimeProfileId })
      .expect(201);
    return (response.body as { roleId: string }).roleId;
  };

  const userWith = async (userName: string, roleIds: string[]): Promise<void> => {
    await asOwner(api.http().post('/api/users'))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds })
      .expect(201);
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses the login of a user whose only role is outside its profile, and lets in one inside', async () => {
    // Given a role limited to a period long gone, and one limited to Always
    const created = await asOwner(api.http().post('/api/time-profiles')).send(longAgo).expect(201);
    const pastId = (created.body as { timeProfileId: string }).timeProfileId;
    await userWith('late', [await roleWithLoginProfile('Summer staff', pastId)]);
    await userWith('always', [await roleWithLoginProfile('Always staff', 'always')]);

    // When both log in with the right password
    const late = await api.http().post('/api/auth/login').send({ userName: 'late', password: PASSWORD });
    const always = await api.http().post('/api/auth/login').send({ userName: 'always', password: PASSWORD });

    // Then only the second gets in, and the refusal is audited with its reason
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ code: 'LOGIN_OUTSIDE_TIME_PROFILE' });
    expect(always.status).toBe(200);
    const deadline = Date.now() + 10_000;
    let reasons: unknown[] = [];
    while (!reasons.includes('outsideTimeProfile') && Date.now() < deadline) {
      const audit = await asOwner(api.http().get('/api/audit?category=login')).expect(200);
      reasons = (audit.body as { details: { reason?: string } }[]).map((entry) => entry.details.reason);
    }
    expect(reasons).toContain('outsideTimeProfile');
  });

  it('refuses to delete a time profile a role uses, naming the role, and a role naming an unknown profile', async () => {
    const created = await asOwner(api.http().post('/api/time-profiles'))
      .send({ ...longAgo, name: 'Used profile' })
      .expect(201);
    const id = (created.body as { timeProfileId: string }).timeProfileId;
    await roleWithLoginProfile('Uses it', id);

    const deletion = await asOwner(api.http().delete(`/api/time-profiles/${id}`)).expect(409);
    const unknown = await asOwner(api.http().post('/api/roles'))
      .send({ name: 'Dangling', description: '', grants: {}, cameraGrants: [], loginTimeProfileId: 'no-such-profile' })
      .expect(400);

    expect(deletion.body).toMatchObject({ code: 'TIME_PROFILE_IN_USE' });
    expect(JSON.stringify(deletion.body)).toContain('Uses it');
    expect(unknown.body).toMatchObject({ code: 'TIME_PROFILE_NOT_FOUND' });
  });
});
