import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecorderSettings } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { RecordersProjection } from './recorders.projection';

/** A registered recorder as stored: its settings and what was last decided about its heartbeat. */
export type StoredRecorder = Readonly<{
  recorderId: string;
  settings: RecorderSettings;
  /** undefined: no heartbeat judged yet. */
  responding?: boolean;
  respondingSince?: string;
  registeredAt: string;
  updatedAt: string;
}>;

type Row = {
  recorder_id: string;
  name: string;
  time_zone: string;
  max_cameras: number;
  version: string;
  storage_path: string;
  responding: boolean | null;
  responding_since: Date | null;
  registered_at: Date;
  updated_at: Date;
};

const toStored = (row: Row): StoredRecorder => ({
  recorderId: row.recorder_id,
  settings: {
    name: row.name,
    timeZone: row.time_zone,
    maxCameras: row.max_cameras,
    version: row.version,
    storagePath: row.storage_path,
  },
  ...(row.responding === null ? {} : { responding: row.responding }),
  ...(row.responding_since === null ? {} : { respondingSince: row.responding_since.toISOString() }),
  registeredAt: row.registered_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** config.recorders, kept up to date in this process, and its queries. */
@Injectable()
export class RecordersReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new RecordersProjection(), eventStore, pool);
  }

  async list(): Promise<StoredRecorder[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM config.recorders ORDER BY recorder_id');
    return rows.map(toStored);
  }

  async get(recorderId: string): Promise<StoredRecorder | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM config.recorders WHERE recorder_id = $1', [recorderId]);
    return rows[0] && toStored(rows[0]);
  }
}
