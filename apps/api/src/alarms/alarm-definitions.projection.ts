import {
  ALARM_DEFINITION_STREAM_PREFIX,
  assertNever,
  isAlarmDefinitionEventType,
  type AlarmDefinitionEvent,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects alarmdefinition-* streams into config.alarm_definitions. */
export class AlarmDefinitionsProjection implements Projection {
  readonly name = 'alarm-definitions'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [ALARM_DEFINITION_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isAlarmDefinitionEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as AlarmDefinitionEvent;
      const at = new Date(event.data.at);
      switch (event.type) {
        case 'AlarmDefinitionCreated':
        case 'AlarmDefinitionUpdated': {
          const { definition, version } = event.data;
          await tx.query(
            `INSERT INTO config.alarm_definitions
               (alarm_definition_id, name, enabled, version, definition, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (alarm_definition_id) DO UPDATE SET name = $2, enabled = $3, version = $4, definition = $5,
               updated_at = $6`,
            [definition.id, definition.name, definition.enabled, version, JSON.stringify(definition), at],
          );
          break;
        }
        case 'AlarmDefinitionDeleted':
          await tx.query('DELETE FROM config.alarm_definitions WHERE alarm_definition_id = $1', [
            event.data.alarmDefinitionId,
          ]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.alarm_definitions');
  }
}
