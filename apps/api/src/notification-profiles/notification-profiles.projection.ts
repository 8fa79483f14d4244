import {
  assertNever,
  isNotificationProfileEventType,
  NOTIFICATION_PROFILE_STREAM_PREFIX,
  type NotificationProfileEvent,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects notificationprofile-* streams into config.notification_profiles. */
export class NotificationProfilesProjection implements Projection {
  readonly name = 'notification-profiles'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [NOTIFICATION_PROFILE_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isNotificationProfileEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as NotificationProfileEvent;
      const at = new Date(event.data.at);
      switch (event.type) {
        case 'NotificationProfileCreated':
          await tx.query(
            `INSERT INTO config.notification_profiles (notification_profile_id, name, definition, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (notification_profile_id) DO NOTHING`,
            [event.data.profile.id, event.data.profile.name, JSON.stringify(event.data.profile), at],
          );
          break;
        case 'NotificationProfileUpdated':
          await tx.query(
            `UPDATE config.notification_profiles SET name = $2, definition = $3, updated_at = $4
             WHERE notification_profile_id = $1`,
            [event.data.profile.id, event.data.profile.name, JSON.stringify(event.data.profile), at],
          );
          break;
        case 'NotificationProfileDeleted':
          await tx.query('DELETE FROM config.notification_profiles WHERE notification_profile_id = $1', [
            event.data.notificationProfileId,
          ]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.notification_profiles');
  }
}
