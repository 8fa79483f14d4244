import {
  assertNever,
  CAMERA_STREAM_PREFIX,
  isCameraEventType,
  type CameraEvent,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects camera-* streams into config.cameras. */
export class CamerasProjection implements Projection {
  readonly name = 'cameras'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [CAMERA_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isCameraEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as CameraEvent;
      const at = new Date(event.data.at);
      const { cameraId } = event.data;
      const set = (assignments: string, values: unknown[]) =>
        tx.query(`UPDATE config.cameras SET ${assignments}, updated_at = $2 WHERE camera_id = $1`, [
          cameraId,
          at,
          ...values,
        ]);
      switch (event.type) {
        case 'CameraAdded': {
          const { name, address, username, encryptedPassword, capabilities, recording } = event.data;
          await tx.query(
            `INSERT INTO config.cameras (camera_id, name, enabled, address, username, encrypted_password, capabilities,
               recording, recorder_id, created_at, updated_at)
             VALUES ($1, $2, true, $3, $4, $5, $6, $7, NULL, $8, $8)
             ON CONFLICT (camera_id) DO NOTHING`,
            [
              cameraId,
              name,
              address,
              username,
              encryptedPassword,
              JSON.stringify(capabilities),
              JSON.stringify(recording),
              at,
            ],
          );
          break;
        }
        case 'CameraRenamed':
          await set('name = $3', [event.data.name]);
          break;
        case 'CameraEnabled':
          await set('enabled = true', []);
          break;
        case 'CameraDisabled':
          await set('enabled = false', []);
          break;
        case 'CameraCredentialsChanged':
          await set('username = $3, encrypted_password = $4', [event.data.username, event.data.encryptedPassword]);
          break;
        case 'CameraCapabilitiesDiscovered':
          await set('capabilities = $3', [JSON.stringify(event.data.capabilities)]);
          break;
        case 'CameraRecordingSettingsChanged':
          await set('recording = $3', [JSON.stringify(event.data.recording)]);
          break;
        case 'CameraAssignedToRecorder':
          await set('recorder_id = $3', [event.data.recorderId]);
          break;
        case 'CameraRemoved':
          await tx.query('DELETE FROM config.cameras WHERE camera_id = $1', [cameraId]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.cameras');
  }
}
