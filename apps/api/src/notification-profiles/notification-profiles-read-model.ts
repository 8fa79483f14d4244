import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, NotificationProfile } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { NotificationProfilesProjection } from './notification-profiles.projection';

/** config.notification_profiles, kept up to date in this process, and its queries. */
@Injectable()
export class NotificationProfilesReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new NotificationProfilesProjection(), eventStore, pool);
  }

  async list(): Promise<NotificationProfile[]> {
    const { rows } = await this.pool.query<{ definition: NotificationProfile }>(
      'SELECT definition FROM config.notification_profiles ORDER BY name',
    );
    return rows.map((row) => row.definition);
  }

  async get(notificationProfileId: string): Promise<NotificationProfile | undefined> {
    const { rows } = await this.pool.query<{ definition: NotificationProfile }>(
      'SELECT definition FROM config.notification_profiles WHERE notification_profile_id = $1',
      [notificationProfileId],
    );
    return rows[0]?.definition;
  }
}
