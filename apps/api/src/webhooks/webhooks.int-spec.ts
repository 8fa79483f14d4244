import { randomUUID } from 'node:crypto';
import { webhookDeliveryStream, webhookStream, type WebhookDeliveryAttempted } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import type { RuleValidation, RuleView } from '../rules/rules.dto';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { WebhookDeliveryView } from './webhooks.dto';
import type { WebhookView } from './webhooks-read-model';

const TOKEN = 'the-shared-secret-of-the-ticketing-system';
const allCameras = { kind: 'all', deviceKinds: ['camera'] };

/** On motion, call the webhook (as an action, or as a stop action after recording). */
const webhookRule = (name: string, webhookId: string, where: 'actions' | 'stop') => ({
  name,
  description: '',
  active: true,
  trigger: { kind: 'event', eventType: 'MotionStarted', sources: allCameras },
  conditions: [],
  ...(where === 'actions'
    ? { actions: [{ type: 'CallWebhook', webhookId }] }
    : {
        actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }],
        stop: {
          criterion: { kind: 'afterSeconds', seconds: 30 },
          actions: [
            { type: 'StopRecording', delaySeconds: 0 },
            { type: 'CallWebhook', webhookId },
          ],
        },
      }),
});

describe('webhooks API', () => {
  let api: ApiTestApp;
  let owner: Session;
  let store: PostgresEventStore;

  const as = <T extends { set: (name: string, value: string) => T }>(call: T): T =>
    call.set('Authorization', bearer(owner));

  const create = async (body: object): Promise<string> => {
    const response = await as(api.http().post('/api/webhooks')).send(body).expect(201);
    return (response.body as { webhookId: string }).webhookId;
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await store.close();
    await api.close();
  });

  it('creates, shows, updates and deletes a webhook; the token is kept for the engine and never shown', async () => {
    // Given a webhook created with a token
    const webhookId = await create({ name: 'Ticketing', address: 'https://tickets.example.com/hook', token: TOKEN });

    // When it is read, listed, and updated without a token, then with token null
    const shown = await as(api.http().get(`/api/webhooks/${webhookId}`)).expect(200);
    const listed = await as(api.http().get('/api/webhooks')).expect(200);
    await as(api.http().put(`/api/webhooks/${webhookId}`))
      .send({ name: 'Ticketing v2', address: 'https://tickets.example.com/v2' })
      .expect(204);
    const updated = await as(api.http().get(`/api/webhooks/${webhookId}`)).expect(200);
    await as(api.http().put(`/api/webhooks/${webhookId}`))
      .send({ name: 'Ticketing v2', address: 'https://tickets.example.com/v2', token: null })
      .expect(204);
    const withoutToken = await as(api.http().get(`/api/webhooks/${webhookId}`)).expect(200);

    // Then it reads back without its token, which is still in the event store (where the rule engine reads it)
    expect(shown.body).toMatchObject({
      webhookId,
      name: 'Ticketing',
      address: 'https://tickets.example.com/hook',
      apiVersion: 'v1',
      hasToken: true,
    });
    expect(shown.body).not.toHaveProperty('token');
    for (const response of [shown, listed, updated, withoutToken]) {
      expect(JSON.stringify(response.body)).not.toContain(TOKEN);
    }
    expect((listed.body as WebhookView[]).map((webhook) => webhook.webhookId)).toContain(webhookId);
    expect(updated.body).toMatchObject({
      name: 'Ticketing v2',
      address: 'https://tickets.example.com/v2',
      hasToken: true,
    });
    expect(withoutToken.body).toMatchObject({ hasToken: false });
    const stored = await readAllOf(store.readStream(webhookStream(webhookId)));
    expect(stored.map((event) => event.type)).toEqual(['WebhookCreated', 'WebhookUpdated', 'WebhookUpdated']);
    expect(stored[1]?.data).toMatchObject({ webhook: { token: TOKEN } });
    expect(stored[2]?.data).not.toHaveProperty('webhook.token');

    // And when deleted, it is gone
    await as(api.http().delete(`/api/webhooks/${webhookId}`)).expect(204);
    const gone = await as(api.http().get(`/api/webhooks/${webhookId}`)).expect(404);
    expect(gone.body).toMatchObject({ code: 'WEBHOOK_NOT_FOUND' });
    await as(api.http().put(`/api/webhooks/${webhookId}`))
      .send({ name: 'Back', address: 'https://example.com' })
      .expect(404);
  });

  it('refuses a name already taken, whatever its case, with 409 WEBHOOK_NAME_TAKEN', async () => {
    const first = await create({ name: 'Building management', address: 'http://10.0.0.8/bms' });
    const other = await create({ name: 'Access control', address: 'http://10.0.0.9/ac' });

    const duplicate = await as(api.http().post('/api/webhooks'))
      .send({ name: ' building MANAGEMENT ', address: 'http://10.0.0.10/' })
      .expect(409);
    const renamed = await as(api.http().put(`/api/webhooks/${other}`))
      .send({ name: 'Building Management', address: 'http://10.0.0.9/ac' })
      .expect(409);

    expect(duplicate.body).toMatchObject({ code: 'WEBHOOK_NAME_TAKEN' });
    expect(renamed.body).toMatchObject({ code: 'WEBHOOK_NAME_TAKEN' });
    await as(api.http().get(`/api/webhooks/${first}`)).expect(200);
  });

  it('answers 422 listing every problem, and 400 for unknown fields or wrong types', async () => {
    const invalid = await as(api.http().post('/api/webhooks'))
      .send({ name: ' ', address: 'ftp://files.example.com/drop', token: 'x'.repeat(257), apiVersion: 'v9' })
      .expect(422);
    const unknownField = await as(api.http().post('/api/webhooks'))
      .send({ name: 'Extra', address: 'https://example.com', secret: 'x' })
      .expect(400);
    const wrongType = await as(api.http().post('/api/webhooks')).send({ name: 7, address: 'https://example.com' });

    expect(invalid.body).toMatchObject({
      code: 'WEBHOOK_INVALID',
      details: {
        problems: [
          'name must have 1 to 100 characters',
          'address must be an http or https URL, not ftp',
          'token must have 1 to 256 characters',
          'apiVersion must be one of v1',
        ],
      },
    });
    expect(unknownField.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(wrongType.status).toBe(400);
    // an invalid webhook takes no name
    await as(api.http().post('/api/webhooks')).send({ name: 'Half done', address: 'example.com' }).expect(422);
    await create({ name: 'Half done', address: 'https://example.com' });
  });

  it('lets rules call a webhook by id, refuses unknown ones, and refuses to delete one in use, naming the rules', async () => {
    // Given a webhook called by two rules, one in its actions and one in its stop actions
    const webhookId = await create({ name: 'Alarm receiver', address: 'https://arc.example.com/in', token: TOKEN });
    const direct = await as(api.http().post('/api/rules'))
      .send(webhookRule('Tell the receiver', webhookId, 'actions'))
      .expect(201);
    const onStop = await as(api.http().post('/api/rules'))
      .send(webhookRule('Record, then tell', webhookId, 'stop'))
      .expect(201);

    // When the webhook is deleted
    const refused = await as(api.http().delete(`/api/webhooks/${webhookId}`)).expect(409);

    // Then it is refused with both rule names; the rules describe the webhook by name and validate
    expect(refused.body).toMatchObject({
      code: 'WEBHOOK_IN_USE',
      details: { usedBy: ['rule Record, then tell', 'rule Tell the receiver'] },
    });
    const ruleId = (direct.body as { ruleId: string }).ruleId;
    const view = await as(api.http().get(`/api/rules/${ruleId}`)).expect(200);
    expect((view.body as RuleView).description).toContain('Alarm receiver');
    const validation = await as(api.http().get(`/api/rules/${ruleId}/validation`)).expect(200);
    expect((validation.body as RuleValidation).problems).toEqual([]);

    // And a rule naming a webhook that does not exist is invalid
    const unknown = await as(api.http().post('/api/rules'))
      .send(webhookRule('Call nobody', randomUUID(), 'actions'))
      .expect(422);
    expect(JSON.stringify(unknown.body)).toContain('UNKNOWN_WEBHOOK');

    // And once no rule calls it, it can be deleted
    await as(api.http().delete(`/api/rules/${ruleId}`)).expect(204);
    await as(api.http().delete(`/api/rules/${(onStop.body as { ruleId: string }).ruleId}`)).expect(204);
    await as(api.http().delete(`/api/webhooks/${webhookId}`)).expect(204);
  });

  it('lists the delivery log newest first, limited', async () => {
    // Given three recorded attempts of one delivery
    const webhookId = await create({ name: 'Deliveries', address: 'https://example.com/d', token: TOKEN });
    const attempt = (n: number, outcome: WebhookDeliveryAttempted['data']['outcome'], statusCode?: number) => ({
      id: randomUUID(),
      type: 'WebhookDeliveryAttempted',
      data: {
        webhookId,
        jobId: 'CallWebhook_job-1',
        attempt: n,
        at: Date.UTC(2026, 0, 1, 0, 0, n),
        url: 'https://example.com/d',
        ...(statusCode === undefined ? {} : { statusCode }),
        durationMs: 10 * n,
        outcome,
        ...(outcome === 'delivered' ? {} : { error: statusCode ? `answered ${statusCode}` : 'connection failed' }),
      } satisfies WebhookDeliveryAttempted['data'],
    });
    await store.append(
      webhookDeliveryStream(webhookId),
      [attempt(1, 'retrying'), attempt(2, 'retrying', 503), attempt(3, 'delivered', 200)],
      'no_stream',
    );

    // When the log is read with a limit of 2
    const response = await as(api.http().get(`/api/webhooks/${webhookId}/deliveries?limit=2`)).expect(200);
    const all = await as(api.http().get(`/api/webhooks/${webhookId}/deliveries`)).expect(200);

    // Then the newest two come first
    expect(response.body).toEqual([
      expect.objectContaining({
        jobId: 'CallWebhook_job-1',
        attempt: 3,
        at: '2026-01-01T00:00:03.000Z',
        statusCode: 200,
        outcome: 'delivered',
      }),
      expect.objectContaining({ attempt: 2, statusCode: 503, outcome: 'retrying', error: 'answered 503' }),
    ]);
    expect((all.body as WebhookDeliveryView[]).map((view) => view.attempt)).toEqual([3, 2, 1]);
    await as(api.http().get(`/api/webhooks/${webhookId}/deliveries?limit=0`)).expect(400);
    await as(api.http().get(`/api/webhooks/${randomUUID()}/deliveries`)).expect(404);
  });
});
