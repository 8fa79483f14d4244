import { VIEWER_ROLE_ID } from '@vigil/domain';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import { FIRST_OWNER_USER_ID } from '../access/owner.bootstrap';
import type { AuditRow } from './audit.dto';

const PASSWORD = 'Str0ng-Passw0rd!';

describe('audit log', () => {
  let api: ApiTestApp;
  let owner: Session;
  let aliceId: string;

  /** The audit log is a projection: read it until it holds what the test is looking for, or give up after 10 s. */
  const auditUntil = async (query: string, done: (rows: AuditRow[]) => boolean): Promise<AuditRow[]> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await api.http().get(`/api/audit${query}`).set('Authorization', bearer(owner)).expect(200);
      const rows = response.body as AuditRow[];
      if (done(rows) || Date.now() > deadline) {
        return rows;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  beforeAll(async () => {
    // Given an Owner who creates alice (a Viewer), alice denied a page, and some failed logins
    api = await startApiTestApp();
    owner = await login(api, 'owner', OWNER_PASSWORD);
    const created = await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'alice', displayName: 'Alice', password: PASSWORD, roleIds: [VIEWER_ROLE_ID] })
      .expect(201);
    aliceId = (created.body as { userId: string }).userId;
    const alice = await login(api, 'alice', PASSWORD);
    await api.http().get('/api/users').set('Authorization', bearer(alice)).expect(403);
    await api.http().post('/api/auth/login').send({ userName: 'alice', password: 'wrong' }).expect(401);
    await api.http().post('/api/auth/login').send({ userName: '=HYPERLINK("x")', password: 'wrong' }).expect(401);
  });
  afterAll(async () => {
    await api.close();
  });

  it('records who did what, from where, and whether it was permitted', async () => {
    const rows = await auditUntil('', (entries) => entries.some((entry) => entry.action === 'LoginRefused'));
    const byAction = (action: string) => rows.filter((entry) => entry.action === action);

    expect(byAction('UserCreated').find((entry) => entry.targetId === aliceId)).toMatchObject({
      category: 'users',
      actorId: FIRST_OWNER_USER_ID,
      address: expect.stringMatching(/127\.0\.0\.1/) as unknown,
      permitted: true,
    });
    expect(byAction('PermissionDenied')[0]).toMatchObject({
      category: 'access',
      actorId: aliceId,
      permitted: false,
      details: { method: 'GET', path: '/api/users', required: 'users.view' },
    });
    expect(byAction('UserLoginFailed')[0]).toMatchObject({ targetId: aliceId, permitted: false });
    expect(byAction('UserLoginSucceeded').length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rows)).not.toContain('argon2');
  });

  it('filters by user and by category', async () => {
    await auditUntil('', (entries) => entries.some((entry) => entry.action === 'LoginRefused'));

    const alices = await auditUntil(`?userId=${aliceId}`, () => true);
    const logins = await auditUntil('?category=login', () => true);
    const none = await auditUntil('?to=2000-01-01T00:00:00Z', () => true);

    expect(alices.length).toBeGreaterThan(0);
    expect(alices.every((entry) => entry.actorId === aliceId || entry.targetId === aliceId)).toBe(true);
    expect(new Set(logins.map((entry) => entry.category))).toEqual(new Set(['login']));
    expect(none).toEqual([]);
  });

  it('exports CSV, with formula-like values neutralised', async () => {
    await auditUntil('', (entries) => entries.some((entry) => entry.action === 'LoginRefused'));

    const response = await api.http().get('/api/audit?format=csv').set('Authorization', bearer(owner)).expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe('eventId,at,category,action,actorId,targetId,address,permitted,details');
    expect(lines.length).toBeGreaterThan(3);
    expect(response.text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('refuses bad filters with the field named', async () => {
    const response = await api
      .http()
      .get('/api/audit?category=everything&from=yesterday')
      .set('Authorization', bearer(owner))
      .expect(400);

    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(response.body)).toContain('category');
  });
});
