import { RULE_LOG_STREAM_PREFIX, type RuleLogEntryMade, type StoredEvent } from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

const RULE_LOG_ENTRY_MADE: RuleLogEntryMade['type'] = 'RuleLogEntryMade';

/**
 * The rule-triggered log (FEATURES 11.5): one row per `RuleLogEntryMade`, keyed by the event id, so a replayed batch
 * (or an entry delivered twice) changes nothing.
 */
export class RuleLogProjection implements Projection {
  readonly name = 'rule-log'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [RULE_LOG_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (stored.type !== RULE_LOG_ENTRY_MADE) {
        continue;
      }
      const entry = stored.data as RuleLogEntryMade['data'];
      await tx.query(
        `INSERT INTO logs.rule_log (entry_id, at, message, category, source_type, source_name, event_type, rule_id,
           rule_name, service_name, triggering_event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (entry_id) DO NOTHING`,
        [
          stored.id,
          new Date(entry.at),
          entry.message,
          entry.category,
          entry.sourceType,
          entry.sourceName,
          entry.eventType,
          entry.ruleId,
          entry.ruleName,
          entry.serviceName,
          entry.triggeringEventId,
        ],
      );
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE logs.rule_log');
  }
}
