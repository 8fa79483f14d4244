import {
  ALARM_STREAM_PREFIX,
  AUDIT_STREAM_PREFIX,
  isAlarmEventType,
  isAuditedEventType,
  toAlarmAuditEntry,
  toAuditEntry,
  type AccessEvent,
  type AlarmEvent,
  type AuditEntry,
  type AuditEvent,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';
import { API_KEY_STREAM_PREFIX, ROLE_STREAM_PREFIX, USER_STREAM_PREFIX } from '../access/access.projection';

/**
 * The audit log: one row per audited event (keyed by event id, so a replayed batch changes nothing). Rows older than
 * the retention are dropped as the log moves on; the events themselves stay in the event store.
 */
export class AuditProjection implements Projection {
  readonly name = 'audit-log'; // persisted: the checkpoint's id
  readonly filter = {
    streamPrefixes: [
      USER_STREAM_PREFIX,
      ROLE_STREAM_PREFIX,
      API_KEY_STREAM_PREFIX,
      AUDIT_STREAM_PREFIX,
      ALARM_STREAM_PREFIX,
    ],
  };

  constructor(private readonly retentionDays: number) {}

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      const metadata = stored.metadata;
      const context = {
        ...(typeof metadata.actorId === 'string' ? { actorId: metadata.actorId } : {}),
        ...(typeof metadata['address'] === 'string' ? { address: metadata['address'] } : {}),
        recordedAt: stored.recordedAt.getTime(),
      };
      let entry: AuditEntry | undefined;
      if (isAuditedEventType(stored.type)) {
        entry = toAuditEntry({ type: stored.type, data: stored.data } as AccessEvent | AuditEvent, context);
      } else if (stored.streamId.startsWith(ALARM_STREAM_PREFIX) && isAlarmEventType(stored.type)) {
        entry = toAlarmAuditEntry({ type: stored.type, data: stored.data } as AlarmEvent, context);
      }
      if (!entry) {
        continue;
      }
      await tx.query(
        `INSERT INTO access.audit_log (event_id, at, category, action, actor_id, target_id, address, permitted, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING`,
        [
          stored.id,
          new Date(entry.at),
          entry.category,
          entry.action,
          entry.actorId ?? null,
          entry.targetId ?? null,
          entry.address ?? null,
          entry.permitted,
          JSON.stringify(entry.details),
        ],
      );
    }
    await tx.query(`DELETE FROM access.audit_log WHERE at < now() - make_interval(days => $1)`, [this.retentionDays]);
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE access.audit_log');
  }
}
