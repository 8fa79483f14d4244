import { assertNever, isRuleEventType, RULE_STREAM_PREFIX, type RuleEvent, type StoredEvent } from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects rule-* streams into config.rules. */
export class RulesProjection implements Projection {
  readonly name = 'rules'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [RULE_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isRuleEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as RuleEvent;
      const at = new Date(event.data.at);
      switch (event.type) {
        case 'RuleCreated':
        case 'RuleUpdated':
          await tx.query(
            `INSERT INTO config.rules (rule_id, name, active, version, definition, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (rule_id) DO UPDATE SET name = $2, active = $3, version = $4, definition = $5, updated_at = $6`,
            [
              event.data.rule.id,
              event.data.rule.name,
              event.data.rule.active,
              event.data.version,
              JSON.stringify(event.data.rule),
              at,
            ],
          );
          break;
        case 'RuleActivated':
        case 'RuleDeactivated': {
          const active = event.type === 'RuleActivated';
          await tx.query(
            `UPDATE config.rules SET active = $2, version = $3, updated_at = $4,
               definition = jsonb_set(definition, '{active}', to_jsonb($2::boolean))
             WHERE rule_id = $1`,
            [event.data.ruleId, active, event.data.version, at],
          );
          break;
        }
        case 'RuleDeleted':
          await tx.query('DELETE FROM config.rules WHERE rule_id = $1', [event.data.ruleId]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.rules');
  }
}
