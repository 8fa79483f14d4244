import { ADMINISTRATOR_ROLE_ID, OPERATOR_ROLE_ID } from '@vigil/domain';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';

const PASSWORD = 'Str0ng-Passw0rd!';

const nightShift = {
  name: 'Night shift',
  description: 'Handles alarms at night',
  grants: { 'alarms.view': 'allow', 'alarms.manage': 'allow', 'logs.readAudit': 'deny' },
  cameraGrants: [{ scope: { kind: 'group', groupId: 'perimeter' }, permissions: { viewLive: 'allow' } }],
};

describe('custom roles', () => {
  let api: ApiTestApp;
  let owner: Session;

  const createUser = async (userName: string, roleIds: string[]): Promise<Session> => {
    await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds })
      .expect(201);
    return login(api, userName, PASSWORD);
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await api.close();
  });

  it('creates a role whose permissions apply to the users who hold it', async () => {
    const created = await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(owner))
      .send(nightShift)
      .expect(201);
    const roleId = (created.body as { roleId: string }).roleId;

    const nightOperator = await createUser('night-op', [roleId]);
    const me = await api.http().get('/api/auth/me').set('Authorization', bearer(nightOperator)).expect(200);
    const listed = await api.http().get('/api/roles').set('Authorization', bearer(owner)).expect(200);

    expect((me.body as { permissions: string[] }).permissions).toEqual(['alarms.view', 'alarms.manage']);
    expect((listed.body as { id: string }[]).map((role) => role.id)).toEqual(
      expect.arrayContaining(['role-owner', 'role-viewer', roleId]),
    );
  });

  it('lets a Deny in one role win over an Allow in another', async () => {
    const created = await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(owner))
      .send({ ...nightShift, name: 'No user admin', grants: { 'users.view': 'deny' } })
      .expect(201);
    const denying = (created.body as { roleId: string }).roleId;

    const admin = await createUser('limited-admin', [ADMINISTRATOR_ROLE_ID, denying]);

    await api.http().get('/api/users').set('Authorization', bearer(admin)).expect(403);
    await api.http().get('/api/roles').set('Authorization', bearer(admin)).expect(403);
  });

  it('refuses unknown permissions and effects with the problems named', async () => {
    const response = await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(owner))
      .send({ ...nightShift, name: 'Broken', grants: { 'alarms.view': 'maybe', 'launch.missiles': 'allow' } })
      .expect(400);

    expect(response.body).toMatchObject({ code: 'ROLE_INVALID' });
  });

  it('refuses a built-in name and a name already taken', async () => {
    await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(owner))
      .send({ ...nightShift, name: 'administrator' })
      .expect(400);
    await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(owner))
      .send({ ...nightShift, name: 'Taken' })
      .expect(201);

    const second = await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(owner))
      .send({ ...nightShift, name: 'TAKEN' })
      .expect(400);

    expect(second.body).toMatchObject({ code: 'ROLE_NAME_TAKEN' });
  });

  it('does not let an Operator create roles, and lets an Administrator create one within its rights', async () => {
    const operator = await createUser('op-roles', [OPERATOR_ROLE_ID]);
    const admin = await createUser('admin-roles', [ADMINISTRATOR_ROLE_ID]);

    await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(operator))
      .send({ ...nightShift, name: 'Op made' })
      .expect(403);
    const allowed = await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(admin))
      .send({ ...nightShift, name: 'Admin made' });

    expect(allowed.status).toBe(201);
  });

  it('refuses to delete a role that is still assigned, and deletes it once it is not', async () => {
    const created = await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(owner))
      .send({ ...nightShift, name: 'Temporary' })
      .expect(201);
    const roleId = (created.body as { roleId: string }).roleId;
    await createUser('temp-holder', [roleId]);

    const refused = await api.http().delete(`/api/roles/${roleId}`).set('Authorization', bearer(owner)).expect(409);
    const users = await api.http().get('/api/users').set('Authorization', bearer(owner)).expect(200);
    const holder = (users.body as { userId: string; userName: string }[]).find(
      (user) => user.userName === 'temp-holder',
    );
    await api
      .http()
      .put(`/api/users/${holder?.userId}/roles`)
      .set('Authorization', bearer(owner))
      .send({ roleIds: [OPERATOR_ROLE_ID] })
      .expect(204);
    await api.http().delete(`/api/roles/${roleId}`).set('Authorization', bearer(owner)).expect(204);

    expect(refused.body).toMatchObject({ code: 'ROLE_IN_USE', details: ['temp-holder'] });
  });
});
