import { Logger } from '@nestjs/common';
import {
  CAMERA_EVENT_TYPES,
  CAMERA_STREAM_PREFIX,
  cameraPasswordPurpose,
  camerasOfRecorder,
  emptyHardwareCatalog,
  evolveHardwareCatalog,
  type EventStore,
  type HardwareCatalog,
  type LiveCamera,
  type StoredEvent,
} from '@vigil/domain';
import type { SecretBox } from '@vigil/infrastructure';
import type { RecorderCamera, RecorderCameraSource } from './recorder-cameras.port';

/**
 * The cameras of this recorder from the camera registry (the `camera-` streams the cameras API writes): those
 * assigned to it, enabled and with recording on, each with its primary stream and its password decrypted with the
 * installation's secrets key. Read when the worker starts.
 */
export class RegistryCameraSource implements RecorderCameraSource {
  private readonly logger = new Logger(RegistryCameraSource.name);

  constructor(
    private readonly store: EventStore,
    private readonly secrets: SecretBox,
    private readonly recorderId: string,
    private readonly defaultRecorderId: string,
  ) {}

  async cameras(): Promise<readonly RecorderCamera[]> {
    const hardware = await this.hardware();
    return camerasOfRecorder(hardware, this.recorderId, this.defaultRecorderId).flatMap((camera) => {
      const recorded = this.recorderCamera(camera);
      return recorded === undefined ? [] : [recorded];
    });
  }

  private async hardware(): Promise<HardwareCatalog> {
    let hardware = emptyHardwareCatalog();
    let page: StoredEvent[] = [];
    // By type as well as by stream: `camera-` streams also hold the cameras' device events.
    const filter = { streamPrefixes: [CAMERA_STREAM_PREFIX], eventTypes: CAMERA_EVENT_TYPES };
    for await (const event of this.store.readAll({ filter })) {
      page.push(event);
      if (page.length === 1_000) {
        hardware = evolveHardwareCatalog(hardware, page);
        page = [];
      }
    }
    return evolveHardwareCatalog(hardware, page);
  }

  private recorderCamera(camera: LiveCamera): RecorderCamera | undefined {
    const primary = camera.capabilities.profiles[0]; // FEATURES 6.1.8: the first is the primary stream
    if (primary === undefined) {
      return undefined;
    }
    let password: string;
    try {
      password = this.secrets.decrypt(camera.encryptedPassword, cameraPasswordPurpose(camera.cameraId));
    } catch {
      this.logger.error(`camera ${camera.cameraId}: its password cannot be read with this secrets key; not recorded`);
      return undefined;
    }
    const { preBuffer } = camera.recording;
    return {
      cameraId: camera.cameraId,
      rtspUri: primary.streamUri,
      username: camera.username,
      password,
      preBufferSeconds: preBuffer.enabled ? preBuffer.seconds : 0,
      preBufferLocation: preBuffer.location,
      onvif: { address: camera.address, inputs: camera.capabilities.inputs, outputs: camera.capabilities.outputs },
    };
  }
}
