import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { RuleLogProjection } from './rule-log.projection';

/** logs.rule_log, kept up to date in this process. */
@Injectable()
export class RuleLogReadModel extends HostedProjection {
  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(PG_POOL) pool: Pool) {
    super(new RuleLogProjection(), eventStore, pool);
  }
}
