import type { StoredEvent } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';

describe('generic events', () => {
  let api: ApiTestApp;
  let owner: Session;
  let store: PostgresEventStore;
  let apiKey: string;

  const define = async (body: object): Promise<string> => {
    const response = await api
      .http()
      .post('/api/generic-events')
      .set('Authorization', bearer(owner))
      .send({ enabled: true, expressionType: 'search', ...body })
      .expect(201);
    return (response.body as { genericEventId: string }).genericEventId;
  };

  const send = (packet: string) => api.http().post('/api/events/generic').set('X-Api-Key', apiKey).send({ packet });

  const stored = (): Promise<StoredEvent[]> =>
    readAllOf(store.readAll({ filter: { eventTypes: ['GenericEventReceived'] } }));

  beforeAll(async () => {
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    const key = await api
      .http()
      .post('/api/api-keys')
      .set('Authorization', bearer(owner))
      .send({ name: 'access control', scopes: [{ permission: 'genericEvents.trigger' }] })
      .expect(201);
    apiKey = (key.body as { key: string }).key;
    // Given two events at priority 5 and one at 10 (0 is the highest priority)
    await define({ name: 'Door 53 forced', expression: 'Door053 AND forced', priority: 5 });
    await define({ name: 'Something forced', expression: 'forced', priority: 5 });
    await define({ name: 'Any door', expression: 'Door', priority: 10 });
  });
  afterAll(async () => {
    await store.close();
    await api.close();
  });

  it('fires only the best priority level, all of its matches, and stores the packet before answering', async () => {
    const response = await send('Door053 forced').expect(202);

    const body = response.body as { fired: string[]; eventId: string };
    expect(body.fired.sort()).toEqual(['Door 53 forced', 'Something forced']);
    const event = (await stored()).find((candidate) => candidate.id === body.eventId);
    expect(event?.data).toMatchObject({ dataSourceId: 'http', packet: 'Door053 forced' });
    expect(event?.streamId).toMatch(/^external-/);
  });

  it('falls through to a lower priority when nothing better matches, and stores nothing for no match', async () => {
    const before = (await stored()).length;

    const door = await send('Door099 opened').expect(202);
    const nothing = await send('Window 7 opened').expect(200);

    expect((door.body as { fired: string[] }).fired).toEqual(['Any door']);
    expect((nothing.body as { fired: string[] }).fired).toEqual([]);
    expect((await stored()).length).toBe(before + 1);
  });

  it('stops firing a disabled event', async () => {
    const id = await define({ name: 'Gate', expression: 'Gate1', priority: 1 });
    await send('Gate1 open').expect(202);

    await api
      .http()
      .put(`/api/generic-events/${id}`)
      .set('Authorization', bearer(owner))
      .send({ name: 'Gate', enabled: false, expression: 'Gate1', expressionType: 'search', priority: 1 })
      .expect(204);

    expect(((await send('Gate1 open').expect(200)).body as { fired: string[] }).fired).toEqual([]);
  });

  it('refuses an invalid definition with 422 naming the problems', async () => {
    const response = await api
      .http()
      .post('/api/generic-events')
      .set('Authorization', bearer(owner))
      .send({ name: 'Broken', enabled: true, expression: '(Door053 AND', expressionType: 'search', priority: 1 })
      .expect(422);

    expect(response.body).toMatchObject({ code: 'GENERIC_EVENT_INVALID' });
  });

  it('tests an expression against a string and shows its regular expression', async () => {
    const response = await api
      .http()
      .post('/api/generic-events/test')
      .set('Authorization', bearer(owner))
      .send({ expression: 'User001 OR Door053', expressionType: 'search', packet: 'Door053 opened' })
      .expect(200);

    expect(response.body).toEqual({ valid: true, matches: true, regularExpression: 'User001|Door053' });
  });

  it('refuses packets from a key without the trigger permission, and malformed bodies', async () => {
    const other = await api
      .http()
      .post('/api/api-keys')
      .set('Authorization', bearer(owner))
      .send({ name: 'reader', scopes: [{ permission: 'users.view' }] })
      .expect(201);

    await api
      .http()
      .post('/api/events/generic')
      .set('X-Api-Key', (other.body as { key: string }).key)
      .send({ packet: 'Door053 forced' })
      .expect(403);
    await api.http().post('/api/events/generic').set('X-Api-Key', apiKey).send({ packet: 42 }).expect(400);
    await api.http().post('/api/events/generic').set('X-Api-Key', apiKey).send({ packet: '' }).expect(400);
  });
});
