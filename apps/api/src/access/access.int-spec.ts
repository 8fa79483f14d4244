import { ADMINISTRATOR_ROLE_ID, OPERATOR_ROLE_ID, OWNER_ROLE_ID, VIEWER_ROLE_ID } from '@vigil/domain';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import { FIRST_OWNER_USER_ID } from './owner.bootstrap';

const PASSWORD = 'Str0ng-Passw0rd!';

describe('access control over HTTP', () => {
  let api: ApiTestApp;
  let owner: Session;

  /** Creates a user as the Owner, changes the forced first password, and returns their session. */
  const aUser = async (userName: string, roleIds: string[]): Promise<{ userId: string; session: Session }> => {
    const created = await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds })
      .expect(201);
    const session = await login(api, userName, PASSWORD);
    return { userId: (created.body as { userId: string }).userId, session };
  };

  beforeAll(async () => {
    api = await startApiTestApp({ LOCKOUT_MAX_FAILED: '3', AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await api.close();
  });

  describe('login', () => {
    it('gives the Owner created at first start every permission', async () => {
      const me = await api.http().get('/api/auth/me').set('Authorization', bearer(owner)).expect(200);

      expect(me.body).toMatchObject({ userId: FIRST_OWNER_USER_ID, isOwner: true, roleIds: [OWNER_ROLE_ID] });
      expect((me.body as { permissions: string[] }).permissions).toEqual(expect.arrayContaining(['users.manage']));
    });

    it('answers a wrong password and an unknown user identically', async () => {
      const wrong = await api.http().post('/api/auth/login').send({ userName: 'owner', password: 'nope' }).expect(401);
      const unknown = await api
        .http()
        .post('/api/auth/login')
        .send({ userName: 'ghost', password: 'nope' })
        .expect(401);

      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    });

    it.each([
      ['a missing password', { userName: 'owner' }],
      ['an unknown field', { userName: 'owner', password: 'x', admin: true }],
      ['an oversized user name', { userName: 'x'.repeat(10_000), password: 'x' }],
      ['a password that is not a string', { userName: 'owner', password: { $gt: '' } }],
    ])('refuses malformed credentials: %s', async (_, body) => {
      const response = await api.http().post('/api/auth/login').send(body).expect(400);

      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('locks an account after more than the allowed consecutive failures, whatever the password then', async () => {
      const { userId } = await aUser('mallory-target', [VIEWER_ROLE_ID]);
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await api.http().post('/api/auth/login').send({ userName: 'mallory-target', password: 'guess' }).expect(401);
      }

      const withRightPassword = await api
        .http()
        .post('/api/auth/login')
        .send({ userName: 'mallory-target', password: PASSWORD });
      const listed = await api.http().get(`/api/users/${userId}`).set('Authorization', bearer(owner)).expect(200);

      expect(withRightPassword.status).toBe(401);
      expect(withRightPassword.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      expect(listed.body).toMatchObject({ status: 'lockedOut' });
    });
  });

  describe('tokens', () => {
    it('refuses requests without a token, with a tampered one, or with garbage', async () => {
      const [header, payload, signature] = owner.accessToken.split('.');
      const tampered = `${header}.${payload}x.${signature}`;

      for (const authorization of [undefined, `Bearer ${tampered}`, 'Bearer', 'Basic b3duZXI6cGFzcw==']) {
        const call = api.http().get('/api/users');
        const response = await (authorization ? call.set('Authorization', authorization) : call).expect(401);
        expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    });

    it('rotates the refresh token, and a replayed old one ends the session', async () => {
      const session = await login(api, 'owner', OWNER_PASSWORD);

      const rotated = await api
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(200);
      const replay = await api.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
      const next = (rotated.body as Session).refreshToken;
      const afterReplay = await api.http().post('/api/auth/refresh').send({ refreshToken: next });

      expect(next).not.toBe(session.refreshToken);
      expect(replay.status).toBe(401);
      expect(afterReplay.status).toBe(401);
      await api
        .http()
        .get('/api/auth/me')
        .set('Authorization', bearer(rotated.body as Session))
        .expect(401);
    });

    it('ends the session at logout', async () => {
      const session = await login(api, 'owner', OWNER_PASSWORD);

      await api.http().post('/api/auth/logout').set('Authorization', bearer(session)).expect(204);

      await api.http().get('/api/auth/me').set('Authorization', bearer(session)).expect(401);
    });

    it("revokes a user's tokens when the user is disabled, and refuses their login", async () => {
      const { userId, session } = await aUser('bob', [OPERATOR_ROLE_ID]);
      await api.http().get('/api/auth/me').set('Authorization', bearer(session)).expect(200);

      await api.http().post(`/api/users/${userId}/disable`).set('Authorization', bearer(owner)).expect(204);

      await api.http().get('/api/auth/me').set('Authorization', bearer(session)).expect(401);
      await api.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await api.http().post('/api/auth/login').send({ userName: 'bob', password: PASSWORD }).expect(401);
    });

    it('revokes every session when a user changes their password', async () => {
      const { session } = await aUser('carol', [VIEWER_ROLE_ID]);
      const other = await login(api, 'carol', PASSWORD);

      await api
        .http()
        .post('/api/auth/password')
        .set('Authorization', bearer(session))
        .send({ currentPassword: PASSWORD, newPassword: 'N3w-Passw0rd!' })
        .expect(204);

      await api.http().get('/api/auth/me').set('Authorization', bearer(other)).expect(401);
      await login(api, 'carol', 'N3w-Passw0rd!');
    });

    it('refuses a new password that breaks the policy, naming the rules', async () => {
      const { session } = await aUser('dave', [VIEWER_ROLE_ID]);

      const response = await api
        .http()
        .post('/api/auth/password')
        .set('Authorization', bearer(session))
        .send({ currentPassword: PASSWORD, newPassword: 'short' })
        .expect(400);

      expect(response.body).toMatchObject({ code: 'PASSWORD_POLICY' });
      expect(JSON.stringify(response.body)).not.toContain('short"');
    });
  });

  describe('privilege escalation', () => {
    it('does not let an Administrator grant the Owner role', async () => {
      const { session: admin } = await aUser('admin1', [ADMINISTRATOR_ROLE_ID]);

      const response = await api
        .http()
        .post('/api/users')
        .set('Authorization', bearer(admin))
        .send({ userName: 'sneaky', displayName: 'Sneaky', password: PASSWORD, roleIds: [OWNER_ROLE_ID] })
        .expect(403);

      expect(response.body).toMatchObject({ code: 'PRIVILEGE_ESCALATION' });
    });

    it('does not let an Administrator delete, disable or demote the Owner', async () => {
      const { session: admin } = await aUser('admin2', [ADMINISTRATOR_ROLE_ID]);

      const deleted = await api.http().delete(`/api/users/${FIRST_OWNER_USER_ID}`).set('Authorization', bearer(admin));
      const disabled = await api
        .http()
        .post(`/api/users/${FIRST_OWNER_USER_ID}/disable`)
        .set('Authorization', bearer(admin));
      const demoted = await api
        .http()
        .put(`/api/users/${FIRST_OWNER_USER_ID}/roles`)
        .set('Authorization', bearer(admin))
        .send({ roleIds: [VIEWER_ROLE_ID] });

      expect([deleted.status, disabled.status, demoted.status]).toEqual([403, 403, 403]);
      await api.http().get('/api/auth/me').set('Authorization', bearer(owner)).expect(200);
    });

    it('does not let an Operator list users or change roles', async () => {
      const { userId, session: operator } = await aUser('op1', [OPERATOR_ROLE_ID]);

      await api.http().get('/api/users').set('Authorization', bearer(operator)).expect(403);
      const response = await api
        .http()
        .put(`/api/users/${userId}/roles`)
        .set('Authorization', bearer(operator))
        .send({ roleIds: [ADMINISTRATOR_ROLE_ID] })
        .expect(403);

      expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  it('refuses a second user with the same name, in any letter case', async () => {
    await aUser('erin', [VIEWER_ROLE_ID]);

    const response = await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'ERIN', displayName: 'Erin 2', password: PASSWORD, roleIds: [VIEWER_ROLE_ID] })
      .expect(400);

    expect(response.body).toMatchObject({ code: 'USER_NAME_TAKEN' });
  });
});

describe('rate limiting of the authentication routes', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 429 with Retry-After beyond the limit per address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      statuses.push((await api.http().post('/api/auth/login').send({ userName: 'x', password: 'y' })).status);
    }
    const limited = await api.http().post('/api/auth/login').send({ userName: 'owner', password: OWNER_PASSWORD });

    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
