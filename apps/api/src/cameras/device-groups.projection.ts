import {
  assertNever,
  DEVICE_GROUP_STREAM_PREFIX,
  isDeviceGroupEventType,
  type DeviceGroupEvent,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects devicegroup-* streams into config.device_groups. */
export class DeviceGroupsProjection implements Projection {
  readonly name = 'device-groups'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [DEVICE_GROUP_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isDeviceGroupEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as DeviceGroupEvent;
      switch (event.type) {
        case 'DeviceGroupCreated':
        case 'DeviceGroupUpdated': {
          const { group } = event.data;
          await tx.query(
            `INSERT INTO config.device_groups (device_group_id, name, device_group, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (device_group_id) DO UPDATE SET name = $2, device_group = $3, updated_at = $4`,
            [group.id, group.name, JSON.stringify(group), new Date(event.data.at)],
          );
          break;
        }
        case 'DeviceGroupDeleted':
          await tx.query('DELETE FROM config.device_groups WHERE device_group_id = $1', [event.data.deviceGroupId]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.device_groups');
  }
}
