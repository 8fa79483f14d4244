import { Inject, Injectable } from '@nestjs/common';
import { ALWAYS_TIME_PROFILE, type EventStore, type TimeProfile } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { TimeProfilesProjection } from './time-profiles.projection';

/** config.time_profiles, kept up to date in this process, and its queries (the built-in Always included). */
@Injectable()
export class TimeProfilesReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new TimeProfilesProjection(), eventStore, pool);
  }

  async list(): Promise<TimeProfile[]> {
    const { rows } = await this.pool.query<{ profile: TimeProfile }>(
      'SELECT profile FROM config.time_profiles ORDER BY name',
    );
    return [ALWAYS_TIME_PROFILE, ...rows.map((row) => row.profile)];
  }

  async get(id: string): Promise<TimeProfile | undefined> {
    if (id === ALWAYS_TIME_PROFILE.id) {
      return ALWAYS_TIME_PROFILE;
    }
    const { rows } = await this.pool.query<{ profile: TimeProfile }>(
      'SELECT profile FROM config.time_profiles WHERE time_profile_id = $1',
      [id],
    );
    return rows[0]?.profile;
  }
}
