import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, WebhookApiVersion } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { WebhooksProjection } from './webhooks.projection';

/** A webhook as the API shows it: whether it has a token, never the token. */
export type WebhookView = Readonly<{
  webhookId: string;
  name: string;
  address: string;
  apiVersion: WebhookApiVersion;
  hasToken: boolean;
  createdAt: string;
  updatedAt: string;
}>;

type WebhookRow = {
  webhook_id: string;
  name: string;
  address: string;
  api_version: WebhookApiVersion;
  has_token: boolean;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = 'webhook_id, name, address, api_version, has_token, created_at, updated_at';

const toView = (row: WebhookRow): WebhookView => ({
  webhookId: row.webhook_id,
  name: row.name,
  address: row.address,
  apiVersion: row.api_version,
  hasToken: row.has_token,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** config.webhooks, kept up to date in this process, and its queries. */
@Injectable()
export class WebhooksReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new WebhooksProjection(), eventStore, pool);
  }

  async list(): Promise<WebhookView[]> {
    const { rows } = await this.pool.query<WebhookRow>(`SELECT ${COLUMNS} FROM config.webhooks ORDER BY name`);
    return rows.map(toView);
  }

  async get(webhookId: string): Promise<WebhookView | undefined> {
    const { rows } = await this.pool.query<WebhookRow>(`SELECT ${COLUMNS} FROM config.webhooks WHERE webhook_id = $1`, [
      webhookId,
    ]);
    return rows[0] && toView(rows[0]);
  }
}
