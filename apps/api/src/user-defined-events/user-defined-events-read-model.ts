import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { UserDefinedEventsProjection } from './user-defined-events.projection';

export type UserDefinedEventView = Readonly<{ userDefinedEventId: string; name: string; createdAt: string }>;

/** config.user_defined_events, kept up to date in this process, and its queries. */
@Injectable()
export class UserDefinedEventsReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new UserDefinedEventsProjection(), eventStore, pool);
  }

  async list(): Promise<UserDefinedEventView[]> {
    const { rows } = await this.pool.query<{ user_defined_event_id: string; name: string; created_at: Date }>(
      'SELECT user_defined_event_id, name, created_at FROM config.user_defined_events ORDER BY name',
    );
    return rows.map((row) => ({
      userDefinedEventId: row.user_defined_event_id,
      name: row.name,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
