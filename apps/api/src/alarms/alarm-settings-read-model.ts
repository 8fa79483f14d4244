import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_ALARM_DATA_SETTINGS, type AlarmDataSettings, type EventStore } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { ALARM_SETTINGS_ROW, AlarmSettingsProjection } from './alarm-settings.projection';

/** config.alarm_settings, kept up to date in this process. */
@Injectable()
export class AlarmSettingsReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new AlarmSettingsProjection(), eventStore, pool);
  }

  /** The settings; the defaults until the first start has written them. */
  async get(): Promise<AlarmDataSettings> {
    const { rows } = await this.pool.query<{ settings: AlarmDataSettings }>(
      'SELECT settings FROM config.alarm_settings WHERE settings_id = $1',
      [ALARM_SETTINGS_ROW],
    );
    return rows[0]?.settings ?? DEFAULT_ALARM_DATA_SETTINGS;
  }
}
