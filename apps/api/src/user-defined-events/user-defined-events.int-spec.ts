import { OPERATOR_ROLE_ID, type StoredEvent } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';

const PASSWORD = 'Str0ng-Passw0rd!';

describe('user-defined events', () => {
  let api: ApiTestApp;
  let owner: Session;
  let store: PostgresEventStore;

  const create = async (name: string): Promise<string> => {
    const response = await api
      .http()
      .post('/api/user-defined-events')
      .set('Authorization', bearer(owner))
      .send({ name })
      .expect(201);
    return (response.body as { userDefinedEventId: string }).userDefinedEventId;
  };

  const storedTriggers = (): Promise<StoredEvent[]> =>
    readAllOf(store.readAll({ filter: { eventTypes: ['UserDefinedEventTriggered'] } }));

  beforeAll(async () => {
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await store.close();
    await api.close();
  });

  it('lets an operator trigger an event with device metadata; the trigger is stored before the answer', async () => {
    // Given an event and an operator
    const doorForced = await create('Door forced');
    await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'op', displayName: 'Op', password: PASSWORD, roleIds: [OPERATOR_ROLE_ID] })
      .expect(201);
    const operator = await login(api, 'op', PASSWORD);
    const me = await api.http().get('/api/auth/me').set('Authorization', bearer(operator)).expect(200);

    // When the operator triggers it for two cameras
    const response = await api
      .http()
      .post(`/api/user-defined-events/${doorForced}/trigger`)
      .set('Authorization', bearer(operator))
      .send({ deviceIds: ['cam-entrance', 'cam-lobby', 'cam-entrance'] })
      .expect(202);

    // Then the answer names the stored event, which is already in the event store
    const { eventId } = response.body as { eventId: string; position: string };
    const stored = (await storedTriggers()).find((event) => event.id === eventId);
    expect(stored?.data).toMatchObject({
      userDefinedEventId: doorForced,
      name: 'Door forced',
      triggeredBy: (me.body as { userId: string }).userId,
      deviceIds: ['cam-entrance', 'cam-lobby'],
      deviceGroupIds: [],
    });
    expect(stored?.streamId).toMatch(/^external-\d{4}-\d{2}-\d{2}$/);
  });

  it('lets an API key trigger only the events its scope lists', async () => {
    const allowed = await create('Gate opened');
    const other = await create('Gate closed');
    const key = await api
      .http()
      .post('/api/api-keys')
      .set('Authorization', bearer(owner))
      .send({ name: 'gate controller', scopes: [{ permission: 'userDefinedEvents.trigger', resourceIds: [allowed] }] })
      .expect(201);
    const { key: apiKey } = key.body as { key: string };

    await api.http().post(`/api/user-defined-events/${allowed}/trigger`).set('X-Api-Key', apiKey).send({}).expect(202);
    await api.http().post(`/api/user-defined-events/${other}/trigger`).set('X-Api-Key', apiKey).send({}).expect(403);
    await api.http().post('/api/user-defined-events').set('X-Api-Key', apiKey).send({ name: 'sneaky' }).expect(403);
  });

  it('renames and deletes; a deleted or unknown event cannot be triggered; names are unique', async () => {
    const id = await create('Panic button');
    await create('Fire alarm');

    const taken = await api
      .http()
      .put(`/api/user-defined-events/${id}`)
      .set('Authorization', bearer(owner))
      .send({ name: 'fire ALARM' })
      .expect(400);
    await api
      .http()
      .put(`/api/user-defined-events/${id}`)
      .set('Authorization', bearer(owner))
      .send({ name: 'Panic button 2' })
      .expect(204);
    const listed = await api.http().get('/api/user-defined-events').set('Authorization', bearer(owner)).expect(200);
    await api.http().delete(`/api/user-defined-events/${id}`).set('Authorization', bearer(owner)).expect(204);
    const deleted = await api
      .http()
      .post(`/api/user-defined-events/${id}/trigger`)
      .set('Authorization', bearer(owner))
      .send({});
    const unknown = await api
      .http()
      .post('/api/user-defined-events/6f1c1f5e-1111-4a4a-8a8a-000000000001/trigger')
      .set('Authorization', bearer(owner))
      .send({});

    expect(taken.body).toMatchObject({ code: 'USER_DEFINED_EVENT_NAME_TAKEN' });
    expect((listed.body as { name: string }[]).map((event) => event.name)).toContain('Panic button 2');
    expect(deleted.status).toBe(404);
    expect(unknown.status).toBe(404);
  });

  it('refuses malformed metadata', async () => {
    const id = await create('Metadata check');

    const response = await api
      .http()
      .post(`/api/user-defined-events/${id}/trigger`)
      .set('Authorization', bearer(owner))
      .send({ deviceIds: 'cam-1', extra: true })
      .expect(400);

    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
