import {
  ALARM_SETTINGS_STREAM_PREFIX,
  evolveAlarmSettings,
  initialAlarmSettingsState,
  isAlarmSettingsEventType,
  type AlarmDataSettings,
  type AlarmSettingsEvent,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** The row of config.alarm_settings (one document for the system). */
export const ALARM_SETTINGS_ROW = 'system';

/** Projects the alarmsettings-* stream into config.alarm_settings, folding with the domain's own evolve. */
export class AlarmSettingsProjection implements Projection {
  readonly name = 'alarm-settings'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [ALARM_SETTINGS_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isAlarmSettingsEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as AlarmSettingsEvent;
      const { rows } = await tx.query<{ settings: AlarmDataSettings }>(
        'SELECT settings FROM config.alarm_settings WHERE settings_id = $1 FOR UPDATE',
        [ALARM_SETTINGS_ROW],
      );
      const current = rows[0] ? { initialized: true, settings: rows[0].settings } : initialAlarmSettingsState();
      const next = evolveAlarmSettings(current, event);
      await tx.query(
        `INSERT INTO config.alarm_settings (settings_id, settings, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (settings_id) DO UPDATE SET settings = $2, updated_at = $3`,
        [ALARM_SETTINGS_ROW, JSON.stringify(next.settings), new Date(event.data.at)],
      );
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.alarm_settings');
  }
}
