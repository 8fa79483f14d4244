import { deciderSpec } from '../access/testing/decider-spec';
import type { WebhookDefinition } from './webhook';
import { webhookDecider, type DeleteWebhook, type UpdateWebhook } from './webhook.decider';
import type { WebhookCreated, WebhookDeleted } from './webhook.events';

const given = deciderSpec(webhookDecider);

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected the decision to throw');
};
const id = 'wh-1';
const byUserId = 'admin';
const definition: WebhookDefinition = {
  id,
  name: 'Ticketing',
  address: 'https://tickets.example.com/hooks/vigil',
  token: 's3cret',
  apiVersion: 'v1',
};
const created: WebhookCreated = { type: 'WebhookCreated', data: { webhook: definition, byUserId, at: 1 } };
const deleted: WebhookDeleted = { type: 'WebhookDeleted', data: { webhookId: id, byUserId, at: 3 } };

const update = (changes: Partial<UpdateWebhook['data']> = {}): UpdateWebhook => ({
  type: 'UpdateWebhook',
  data: {
    webhookId: id,
    name: definition.name,
    address: definition.address,
    apiVersion: 'v1',
    byUserId,
    now: 2,
    ...changes,
  },
});
const del = (usedBy: readonly string[] = []): DeleteWebhook => ({
  type: 'DeleteWebhook',
  data: { webhookId: id, usedBy, byUserId, now: 3 },
});

describe('webhook decider', () => {
  describe('given nothing', () => {
    it('creates a webhook with a trimmed name and address', () =>
      given([])
        .when({
          type: 'CreateWebhook',
          data: {
            webhook: { ...definition, name: ' Ticketing ', address: ` ${definition.address} ` },
            byUserId,
            now: 1,
          },
        })
        .then([created]));

    it('creates a webhook without a token', () => {
      const { token: _token, ...withoutToken } = definition;
      given([])
        .when({ type: 'CreateWebhook', data: { webhook: withoutToken, byUserId, now: 1 } })
        .then([{ type: 'WebhookCreated', data: { webhook: withoutToken, byUserId, at: 1 } }]);
    });

    it('refuses an invalid definition, listing every problem', () => {
      const run = () =>
        webhookDecider.decide(
          {
            type: 'CreateWebhook',
            data: {
              webhook: { id, name: ' ', address: 'ftp://files.example.com', token: '', apiVersion: 'v9' as 'v1' },
              byUserId,
              now: 1,
            },
          },
          webhookDecider.initialState(),
        );

      const error = thrownBy(run);
      expect(error).toMatchObject({ code: 'WEBHOOK_INVALID' });
      expect((error as { details: { problems: string[] } }).details.problems).toEqual([
        'name must have 1 to 100 characters',
        'address must be an http or https URL, not ftp',
        'token must have 1 to 256 characters',
        'apiVersion must be one of v1',
      ]);
    });

    it('refuses to update or delete what does not exist', () => {
      given([]).when(update()).thenThrows('WEBHOOK_NOT_FOUND');
      given([]).when(del()).thenThrows('WEBHOOK_NOT_FOUND');
    });
  });

  describe('given a webhook', () => {
    it('refuses to create it again', () =>
      given([created])
        .when({ type: 'CreateWebhook', data: { webhook: definition, byUserId, now: 2 } })
        .thenThrows('WEBHOOK_ALREADY_EXISTS'));

    it('keeps the token when an update leaves it out', () =>
      given([created])
        .when(update({ address: 'https://tickets.example.com/v2' }))
        .then([
          {
            type: 'WebhookUpdated',
            data: { webhook: { ...definition, address: 'https://tickets.example.com/v2' }, byUserId, at: 2 },
          },
        ]));

    it('replaces the token with a new one, or removes it with null', () => {
      given([created])
        .when(update({ token: 'n3w' }))
        .then([{ type: 'WebhookUpdated', data: { webhook: { ...definition, token: 'n3w' }, byUserId, at: 2 } }]);
      const { token: _token, ...withoutToken } = definition;
      given([created])
        .when(update({ token: null }))
        .then([{ type: 'WebhookUpdated', data: { webhook: withoutToken, byUserId, at: 2 } }]);
    });

    it('changes nothing when the update is the same definition', () =>
      given([created])
        .when(update({ name: ' Ticketing ' }))
        .then([]));

    it('refuses an invalid update', () =>
      given([created])
        .when(update({ address: '/relative/path' }))
        .thenThrows('WEBHOOK_INVALID'));

    it('deletes it when no rule uses it', () => given([created]).when(del()).then([deleted]));

    it('refuses to delete it while rules use it, naming them', () => {
      given([created])
        .when(del(['Notify tickets']))
        .thenThrows('WEBHOOK_IN_USE');
      const error = thrownBy(() =>
        webhookDecider.decide(del(['Notify tickets']), { status: 'Active', webhook: definition }),
      );
      expect(error).toMatchObject({ details: { usedBy: ['Notify tickets'] } });
    });
  });

  describe('given a deleted webhook', () => {
    it('accepts nothing, and its id is never reused', () => {
      given([created, deleted])
        .when(update({ name: 'Back' }))
        .thenThrows('WEBHOOK_NOT_FOUND');
      given([created, deleted]).when(del()).thenThrows('WEBHOOK_NOT_FOUND');
      given([created, deleted])
        .when({ type: 'CreateWebhook', data: { webhook: definition, byUserId, now: 4 } })
        .thenThrows('WEBHOOK_ALREADY_EXISTS');
    });
  });
});
