import {
  assertNever,
  isRecorderEventType,
  RECORDER_STREAM_PREFIX,
  type RecorderEvent,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects recorder-* streams into config.recorders. */
export class RecordersProjection implements Projection {
  readonly name = 'recorders'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [RECORDER_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isRecorderEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as RecorderEvent;
      const at = new Date(event.data.at);
      const { recorderId } = event.data;
      switch (event.type) {
        case 'RecorderRegistered':
        case 'RecorderSettingsChanged': {
          const { name, timeZone, maxCameras, version, storagePath } = event.data.settings;
          await tx.query(
            `INSERT INTO config.recorders (recorder_id, name, time_zone, max_cameras, version, storage_path,
               registered_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (recorder_id) DO UPDATE SET name = $2, time_zone = $3, max_cameras = $4, version = $5,
               storage_path = $6, updated_at = $7`,
            [recorderId, name, timeZone, maxCameras, version, storagePath, at],
          );
          break;
        }
        case 'RecordingServerResponding':
        case 'RecordingServerNotResponding':
          await tx.query('UPDATE config.recorders SET responding = $2, responding_since = $3 WHERE recorder_id = $1', [
            recorderId,
            event.type === 'RecordingServerResponding',
            at,
          ]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.recorders');
  }
}
