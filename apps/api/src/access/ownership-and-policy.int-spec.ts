import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMINISTRATOR_ROLE_ID, OWNER_ROLE_ID, VIEWER_ROLE_ID } from '@vigil/domain';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import { FIRST_OWNER_USER_ID } from './owner.bootstrap';

const PASSWORD = 'Str0ng-Passw0rd-12';

describe('ownership transfer', () => {
  let api: ApiTestApp;
  let owner: Session;

  beforeAll(async () => {
    api = await startApiTestApp();
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await api.close();
  });

  it('lets only the Owner hand ownership on; the former Owner becomes an Administrator', async () => {
    // Given an Administrator, heir to be
    const created = await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'heir', displayName: 'Heir', password: PASSWORD, roleIds: [ADMINISTRATOR_ROLE_ID] })
      .expect(201);
    const heirId = (created.body as { userId: string }).userId;
    const heir = await login(api, 'heir', PASSWORD);

    // When the Administrator tries to take ownership, and then the Owner hands it on
    const usurped = await api.http().post(`/api/users/${heirId}/ownership`).set('Authorization', bearer(heir));
    await api.http().post(`/api/users/${heirId}/ownership`).set('Authorization', bearer(owner)).expect(204);

    // Then only the second worked
    const heirNow = await api.http().get(`/api/users/${heirId}`).set('Authorization', bearer(owner)).expect(200);
    const formerNow = await api.http().get(`/api/users/${FIRST_OWNER_USER_ID}`).set('Authorization', bearer(heir));
    expect(usurped.status).toBe(403);
    expect(heirNow.body).toMatchObject({ isOwner: true, roleIds: [OWNER_ROLE_ID, ADMINISTRATOR_ROLE_ID] });
    expect(formerNow.body).toMatchObject({ isOwner: false, roleIds: [ADMINISTRATOR_ROLE_ID] });
  });
});

describe('lockout and password policy settings', () => {
  let api: ApiTestApp;
  let port: number;

  /** A login from a chosen loopback address (127.0.0.0/8 all reach the server): "many attackers". */
  const loginFrom = (localAddress: string, userName: string, password: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ userName, password });
      const call = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress,
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      call.on('error', reject);
      call.end(body);
    });

  beforeAll(async () => {
    api = await startApiTestApp({
      LOCKOUT_MAX_FAILED: '4',
      AUTH_RATE_LIMIT_PER_MINUTE: '2',
      PASSWORD_MIN_LENGTH: '12',
      PASSWORD_REQUIRE_NON_ALPHANUMERIC: 'false',
    });
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer() as { address(): AddressInfo }).address().port;
  });
  afterAll(async () => {
    await api.close();
  });

  it('locks an account attacked from many addresses, each staying under its rate limit', async () => {
    // Given a user, and attackers on five addresses, each trying once (under the limit of 2 per address)
    const owner = await login(api, 'owner', OWNER_PASSWORD);
    await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'target', displayName: 'Target', password: 'LongEnough1234', roleIds: [VIEWER_ROLE_ID] })
      .expect(201);

    // When five wrong passwords arrive from five addresses
    const statuses: number[] = [];
    for (let n = 2; n <= 6; n += 1) {
      statuses.push(await loginFrom(`127.0.0.${n}`, 'target', 'wrong-password'));
    }

    // Then none was rate limited, and the account is locked even for the right password from a fresh address
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(await loginFrom('127.0.0.7', 'target', 'LongEnough1234')).toBe(401);
  });

  it('applies the configured password policy', async () => {
    // (the second of the two logins this address may make per minute)
    const owner = await login(api, 'owner', OWNER_PASSWORD);

    const tooShort = await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'short', displayName: 'S', password: 'Short1234ab', roleIds: [VIEWER_ROLE_ID] });
    const noSymbolNeeded = await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'long', displayName: 'L', password: 'NoSymbolsHere12', roleIds: [VIEWER_ROLE_ID] });

    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({ code: 'PASSWORD_POLICY' });
    expect(noSymbolNeeded.status).toBe(201);
  });
});
