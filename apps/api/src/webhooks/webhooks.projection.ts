import {
  assertNever,
  isWebhookEventType,
  WEBHOOK_STREAM_PREFIX,
  type StoredEvent,
  type WebhookEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects webhook-* streams into config.webhooks; the token itself is never copied, only whether there is one. */
export class WebhooksProjection implements Projection {
  readonly name = 'webhooks'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [WEBHOOK_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isWebhookEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as WebhookEvent;
      const at = new Date(event.data.at);
      switch (event.type) {
        case 'WebhookCreated':
        case 'WebhookUpdated': {
          const { id, name, address, apiVersion, token } = event.data.webhook;
          await tx.query(
            `INSERT INTO config.webhooks (webhook_id, name, address, api_version, has_token, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (webhook_id) DO UPDATE SET name = $2, address = $3, api_version = $4, has_token = $5,
               updated_at = $6`,
            [id, name, address, apiVersion, token !== undefined, at],
          );
          break;
        }
        case 'WebhookDeleted':
          await tx.query('DELETE FROM config.webhooks WHERE webhook_id = $1', [event.data.webhookId]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.webhooks');
  }
}
