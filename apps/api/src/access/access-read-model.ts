import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { AccessProjection } from './access.projection';

/** access.users and access.roles, kept up to date in this process. */
@Injectable()
export class AccessReadModel extends HostedProjection {
  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(PG_POOL) pool: Pool) {
    super(new AccessProjection(), eventStore, pool);
  }
}
