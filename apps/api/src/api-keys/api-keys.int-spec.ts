import { ADMINISTRATOR_ROLE_ID, OPERATOR_ROLE_ID } from '@vigil/domain';
import { validateEnv } from '@vigil/infrastructure';
import request from 'supertest';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { createApiApp } from '../api.app';
import { ApiEnv } from '../config/api.env';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { ApiKeyView } from './api-keys.dto';

const PASSWORD = 'Str0ng-Passw0rd!';

describe('API keys for integrations', () => {
  let api: ApiTestApp;
  let owner: Session;

  const createKey = async (session: Session, scopes: object[], name = 'integration') =>
    api.http().post('/api/api-keys').set('Authorization', bearer(session)).send({ name, scopes });

  beforeAll(async () => {
    api = await startApiTestApp();
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await api.close();
  });

  it('shows the key once, stores only its hash, and lets it do what its scopes allow and nothing more', async () => {
    const created = await createKey(owner, [{ permission: 'users.view' }]);
    expect(created.status).toBe(201);
    const { keyId, key } = created.body as { keyId: string; key: string };

    const allowed = await api.http().get('/api/users').set('X-Api-Key', key);
    const beyondScope = await api.http().post('/api/roles').set('X-Api-Key', key).send({});
    const personal = await api.http().get('/api/auth/me').set('X-Api-Key', key);
    const listed = await api.http().get('/api/api-keys').set('Authorization', bearer(owner)).expect(200);

    expect(key).toMatch(/^vgk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(allowed.status).toBe(200);
    expect(beyondScope.status).toBe(403);
    expect(personal.status).toBe(403);
    const view = (listed.body as ApiKeyView[]).find((candidate) => candidate.keyId === keyId);
    expect(view).toMatchObject({ name: 'integration', scopes: [{ permission: 'users.view' }], revokedAt: null });
    expect(view?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(-43));
  });

  it('refuses a forged, malformed or revoked key', async () => {
    const { keyId, key } = (await createKey(owner, [{ permission: 'users.view' }])).body as {
      keyId: string;
      key: string;
    };
    const forged = `${key.slice(0, -4)}AAAA`;

    await api.http().get('/api/users').set('X-Api-Key', forged).expect(401);
    await api.http().get('/api/users').set('X-Api-Key', 'not-a-key').expect(401);
    await api.http().delete(`/api/api-keys/${keyId}`).set('Authorization', bearer(owner)).expect(204);
    const revoked = await api.http().get('/api/users').set('X-Api-Key', key).expect(401);

    expect(revoked.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('given a key in use on a second API process, when it is revoked through the first, then the second refuses it too', async () => {
    const second = await createApiApp(
      validateEnv(ApiEnv, {
        DATABASE_URL: api.databaseUrl,
        REDIS_URL: process.env.REDIS_URL,
        REDIS_KEY_PREFIX: new URL(api.databaseUrl).pathname.slice(1),
        LOG_LEVEL: 'error',
      }),
    );
    await second.init();
    try {
      const { keyId, key } = (await createKey(owner, [{ permission: 'users.view' }])).body as {
        keyId: string;
        key: string;
      };
      await request(second.getHttpServer()).get('/api/users').set('X-Api-Key', key).expect(200);

      await api.http().delete(`/api/api-keys/${keyId}`).set('Authorization', bearer(owner)).expect(204);

      await eventually(
        async () => (await request(second.getHttpServer()).get('/api/users').set('X-Api-Key', key)).status === 401,
        'the second API process to refuse the revoked key',
      );
    } finally {
      await second.close();
    }
  });

  it('does not let anyone create a key with rights they do not have', async () => {
    await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'keymaker', displayName: 'K', password: PASSWORD, roleIds: [ADMINISTRATOR_ROLE_ID] })
      .expect(201);
    await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'keyop', displayName: 'O', password: PASSWORD, roleIds: [OPERATOR_ROLE_ID] })
      .expect(201);
    const admin = await login(api, 'keymaker', PASSWORD);
    const operator = await login(api, 'keyop', PASSWORD);

    const byOperator = await createKey(operator, [{ permission: 'alarms.view' }]);
    const unknown = await createKey(admin, [{ permission: 'launch.missiles' }]);
    const byAdmin = await createKey(admin, [{ permission: 'genericEvents.trigger' }]);

    expect(byOperator.status).toBe(403);
    expect(unknown.status).toBe(400);
    expect(byAdmin.status).toBe(201);
  });
});
