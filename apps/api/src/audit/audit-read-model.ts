import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { AuditProjection } from './audit.projection';

export const AUDIT_RETENTION_DAYS = Symbol('AUDIT_RETENTION_DAYS');

/** access.audit_log, kept up to date in this process. */
@Injectable()
export class AuditReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) pool: Pool,
    @Inject(AUDIT_RETENTION_DAYS) retentionDays: number,
  ) {
    super(new AuditProjection(retentionDays), eventStore, pool);
  }
}
