import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RuleDefinition } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { RulesProjection } from './rules.projection';

export type StoredRule = Readonly<{ rule: RuleDefinition; version: number }>;

/** config.rules, kept up to date in this process, and its queries. */
@Injectable()
export class RulesReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new RulesProjection(), eventStore, pool);
  }

  async list(): Promise<StoredRule[]> {
    const { rows } = await this.pool.query<{ definition: RuleDefinition; version: number }>(
      'SELECT definition, version FROM config.rules ORDER BY name',
    );
    return rows.map((row) => ({ rule: row.definition, version: row.version }));
  }

  async get(ruleId: string): Promise<StoredRule | undefined> {
    const { rows } = await this.pool.query<{ definition: RuleDefinition; version: number }>(
      'SELECT definition, version FROM config.rules WHERE rule_id = $1',
      [ruleId],
    );
    return rows[0] && { rule: rows[0].definition, version: rows[0].version };
  }

  /** Names of the rules that mention a time profile (trigger or condition). */
  async namesUsingTimeProfile(timeProfileId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT name FROM config.rules
       WHERE definition->'trigger'->>'timeProfileId' = $1
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(definition->'conditions') c WHERE c->>'timeProfileId' = $1)
       ORDER BY name`,
      [timeProfileId],
    );
    return rows.map((row) => row.name);
  }

  /** Names of the rules that call a webhook, in their actions or their stop actions. */
  async namesUsingWebhook(webhookId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT name FROM config.rules
       WHERE jsonb_path_exists(definition, '$.actions[*] ? (@.type == "CallWebhook" && @.webhookId == $id)', $1::jsonb)
          OR jsonb_path_exists(definition, '$.stop.actions[*] ? (@.type == "CallWebhook" && @.webhookId == $id)', $1::jsonb)
       ORDER BY name`,
      [JSON.stringify({ id: webhookId })],
    );
    return rows.map((row) => row.name);
  }

  /** Names of the rules that send notifications with a profile (in their actions or stop actions). */
  namesUsingNotificationProfile(notificationProfileId: string): Promise<string[]> {
    return namesOfRulesUsingNotificationProfile(this.pool, notificationProfileId);
  }
}

/** The query behind namesUsingNotificationProfile, for modules that cannot depend on the rules read model. */
export const namesOfRulesUsingNotificationProfile = async (
  pool: Pool,
  notificationProfileId: string,
): Promise<string[]> => {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT name FROM config.rules r
     WHERE EXISTS (
       SELECT 1 FROM jsonb_array_elements(
         COALESCE(r.definition->'actions', '[]'::jsonb) || COALESCE(r.definition->'stop'->'actions', '[]'::jsonb)
       ) a
       WHERE a->>'type' = 'SendNotification' AND a->>'notificationProfileId' = $1)
     ORDER BY name`,
    [notificationProfileId],
  );
  return rows.map((row) => row.name);
};
