import { Inject, Injectable } from '@nestjs/common';
import {
  cameraDeviceIds,
  type CameraCapabilities,
  type EventStore,
  type LiveCamera,
  type RecordingSettings,
} from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { CamerasProjection } from './cameras.projection';

/** A camera as stored, the encrypted password included: never returned as is (see CameraView). */
export type StoredCamera = LiveCamera & Readonly<{ createdAt: string; updatedAt: string }>;

type Row = {
  camera_id: string;
  name: string;
  enabled: boolean;
  address: string;
  username: string;
  encrypted_password: string;
  capabilities: CameraCapabilities;
  recording: RecordingSettings;
  recorder_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const toStored = (row: Row): StoredCamera => ({
  cameraId: row.camera_id,
  name: row.name,
  enabled: row.enabled,
  address: row.address,
  username: row.username,
  encryptedPassword: row.encrypted_password,
  capabilities: row.capabilities,
  recording: row.recording,
  recorderId: row.recorder_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** config.cameras, kept up to date in this process, and its queries. */
@Injectable()
export class CamerasReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new CamerasProjection(), eventStore, pool);
  }

  async list(): Promise<StoredCamera[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM config.cameras ORDER BY name, camera_id');
    return rows.map(toStored);
  }

  async get(cameraId: string): Promise<StoredCamera | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM config.cameras WHERE camera_id = $1', [cameraId]);
    return rows[0] && toStored(rows[0]);
  }

  /** The camera already added at this (normalised) address, if any. */
  async atAddress(address: string): Promise<StoredCamera | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM config.cameras WHERE address = $1 LIMIT 1', [address]);
    return rows[0] && toStored(rows[0]);
  }

  /** Every device id rules, alarm definitions and groups may name: the cameras, their inputs and outputs. */
  async deviceIds(): Promise<Set<string>> {
    const { rows } = await this.pool.query<Pick<Row, 'camera_id' | 'capabilities'>>(
      'SELECT camera_id, capabilities FROM config.cameras',
    );
    return new Set(rows.flatMap((row) => cameraDeviceIds(row.camera_id, row.capabilities)));
  }
}
