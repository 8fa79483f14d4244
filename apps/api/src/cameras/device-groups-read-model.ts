import { Inject, Injectable } from '@nestjs/common';
import type { DeviceGroup, EventStore } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { DeviceGroupsProjection } from './device-groups.projection';

/** config.device_groups, kept up to date in this process, and its queries. */
@Injectable()
export class DeviceGroupsReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new DeviceGroupsProjection(), eventStore, pool);
  }

  async list(): Promise<DeviceGroup[]> {
    const { rows } = await this.pool.query<{ device_group: DeviceGroup }>(
      'SELECT device_group FROM config.device_groups ORDER BY name, device_group_id',
    );
    return rows.map((row) => row.device_group);
  }

  async get(deviceGroupId: string): Promise<DeviceGroup | undefined> {
    const { rows } = await this.pool.query<{ device_group: DeviceGroup }>(
      'SELECT device_group FROM config.device_groups WHERE device_group_id = $1',
      [deviceGroupId],
    );
    return rows[0]?.device_group;
  }

  /** Group id → its member device ids: the shape the rule and alarm engines compile sources with. */
  async membership(): Promise<Map<string, ReadonlySet<string>>> {
    return new Map((await this.list()).map((group) => [group.id, new Set(group.memberIds)]));
  }
}
