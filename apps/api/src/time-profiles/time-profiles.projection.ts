import {
  assertNever,
  isTimeProfileEventType,
  TIME_PROFILE_STREAM_PREFIX,
  type StoredEvent,
  type TimeProfileEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects timeprofile-* streams into config.time_profiles. */
export class TimeProfilesProjection implements Projection {
  readonly name = 'time-profiles'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [TIME_PROFILE_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isTimeProfileEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as TimeProfileEvent;
      switch (event.type) {
        case 'TimeProfileCreated':
        case 'TimeProfileUpdated':
          await tx.query(
            `INSERT INTO config.time_profiles (time_profile_id, name, profile, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (time_profile_id) DO UPDATE SET name = $2, profile = $3, updated_at = $4`,
            [
              event.data.profile.id,
              event.data.profile.name,
              JSON.stringify(event.data.profile),
              new Date(event.data.at),
            ],
          );
          break;
        case 'TimeProfileDeleted':
          await tx.query('DELETE FROM config.time_profiles WHERE time_profile_id = $1', [event.data.timeProfileId]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.time_profiles');
  }
}
