import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import { webhookProblems, type WebhookApiVersion, type WebhookDefinition } from './webhook';
import { WebhookError } from './webhook.errors';
import type { WebhookEvent } from './webhook.events';

/**
 * Webhook definitions, stream `webhook-<id>`. Checked by the caller, because they need read models: who may manage
 * webhooks, unique names, and which rules call a webhook (passed in as DeleteWebhook's `usedBy`).
 */

export type CreateWebhook = AccessCommand<
  'CreateWebhook',
  { webhook: WebhookDefinition; byUserId: string; now: EpochMs }
>;
/**
 * A full replacement of the definition except the token, which nobody can read back: `token` undefined keeps it,
 * null removes it, a string replaces it.
 */
export type UpdateWebhook = AccessCommand<
  'UpdateWebhook',
  {
    webhookId: string;
    name: string;
    address: string;
    apiVersion: WebhookApiVersion;
    token?: string | null;
    byUserId: string;
    now: EpochMs;
  }
>;
/** `usedBy`: the names of the rules that call the webhook, from a read model. */
export type DeleteWebhook = AccessCommand<
  'DeleteWebhook',
  { webhookId: string; usedBy: readonly string[]; byUserId: string; now: EpochMs }
>;
export type WebhookCommand = CreateWebhook | UpdateWebhook | DeleteWebhook;

export type WebhookState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Active'; webhook: WebhookDefinition }>
  | Readonly<{ status: 'Deleted'; webhookId: string }>;

export const initialWebhookState = (): WebhookState => ({ status: 'None' });

/** Trims name and address and checks the definition, reporting every problem at once. */
const validWebhook = (webhook: WebhookDefinition): WebhookDefinition => {
  const trimmed: WebhookDefinition = {
    ...webhook,
    name: typeof webhook.name === 'string' ? webhook.name.trim() : webhook.name,
    address: typeof webhook.address === 'string' ? webhook.address.trim() : webhook.address,
  };
  const problems = webhookProblems(trimmed);
  if (problems.length > 0) {
    throw new WebhookError('WEBHOOK_INVALID', problems.join('; '), { problems });
  }
  return trimmed;
};

const requireActive = (state: WebhookState, webhookId: string): WebhookDefinition => {
  if (state.status !== 'Active') {
    const why = state.status === 'Deleted' ? 'was deleted' : 'does not exist';
    throw new WebhookError('WEBHOOK_NOT_FOUND', `webhook ${webhookId} ${why}`);
  }
  return state.webhook;
};

const sameDefinition = (a: WebhookDefinition, b: WebhookDefinition): boolean =>
  a.name === b.name && a.address === b.address && a.token === b.token && a.apiVersion === b.apiVersion;

export const decideWebhook = (command: WebhookCommand, state: WebhookState): WebhookEvent[] => {
  switch (command.type) {
    case 'CreateWebhook': {
      const { webhook, byUserId, now } = command.data;
      if (state.status !== 'None') {
        // a deleted webhook's id is never reused: rules that named it must not silently call a new address
        throw new WebhookError('WEBHOOK_ALREADY_EXISTS', `webhook ${webhook.id} exists`);
      }
      return [{ type: 'WebhookCreated', data: { webhook: validWebhook(webhook), byUserId, at: now } }];
    }
    case 'UpdateWebhook': {
      const { webhookId, name, address, apiVersion, token, byUserId, now } = command.data;
      const current = requireActive(state, webhookId);
      const nextToken = token === undefined ? current.token : token === null ? undefined : token;
      const webhook = validWebhook({
        id: webhookId,
        name,
        address,
        apiVersion,
        ...(nextToken === undefined ? {} : { token: nextToken }),
      });
      return sameDefinition(webhook, current) ? [] : [{ type: 'WebhookUpdated', data: { webhook, byUserId, at: now } }];
    }
    case 'DeleteWebhook': {
      const { webhookId, usedBy, byUserId, now } = command.data;
      requireActive(state, webhookId);
      if (usedBy.length > 0) {
        throw new WebhookError('WEBHOOK_IN_USE', `webhook ${webhookId} is used by ${usedBy.join(', ')}`, { usedBy });
      }
      return [{ type: 'WebhookDeleted', data: { webhookId, byUserId, at: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveWebhook = (state: WebhookState, event: WebhookEvent): WebhookState => {
  switch (event.type) {
    case 'WebhookCreated':
    case 'WebhookUpdated':
      return state.status === 'Deleted' ? state : { status: 'Active', webhook: event.data.webhook };
    case 'WebhookDeleted':
      return { status: 'Deleted', webhookId: event.data.webhookId };
    default:
      return assertNever(event);
  }
};

export const webhookDecider = {
  decide: decideWebhook,
  evolve: evolveWebhook,
  initialState: initialWebhookState,
} satisfies AccessDecider<WebhookState, WebhookCommand, WebhookEvent>;
