import { Logger } from '@nestjs/common';
import {
  CAMERA_EVENT_TYPES,
  CAMERA_STREAM_PREFIX,
  cameraPasswordPurpose,
  camerasOfRecorder,
  emptyHardwareCatalog,
  evolveHardwareCatalog,
  type EventStore,
  type GlobalPosition,
  type HardwareCatalog,
  type LiveCamera,
  type StoredEvent,
} from '@vigil/domain';
import type { SecretBox } from '@vigil/infrastructure';
import type { CameraFollow, RecorderCamera, RecorderCameraSource } from './recorder-cameras.port';

// By type as well as by stream: `camera-` streams also hold the cameras' device events, which change nothing here.
const REGISTRY_FILTER = { streamPrefixes: [CAMERA_STREAM_PREFIX], eventTypes: CAMERA_EVENT_TYPES };

/**
 * The cameras of this recorder from the camera registry (the `camera-` streams the cameras API writes): those
 * assigned to it, enabled and with recording on, each with its primary stream and its password decrypted with the
 * installation's secrets key, at most `maxCameras` (the oldest first: a camera added beyond the capacity does not
 * push out one that records). Followed live: the registry is read once, then its new events arrive through a
 * subscription and each change of the set is passed on.
 */
export class RegistryCameraSource implements RecorderCameraSource {
  private readonly logger = new Logger(RegistryCameraSource.name);

  constructor(
    private readonly store: EventStore,
    private readonly secrets: SecretBox,
    private readonly recorderId: string,
    private readonly defaultRecorderId: string,
    private readonly maxCameras = Number.POSITIVE_INFINITY,
  ) {}

  /** The cameras now (read once). */
  async cameras(): Promise<readonly RecorderCamera[]> {
    return this.camerasOf((await this.hardware()).hardware);
  }

  async follow(onCameras: (cameras: readonly RecorderCamera[]) => Promise<void>): Promise<CameraFollow> {
    const read = await this.hardware();
    let hardware = read.hardware;
    let current = this.camerasOf(hardware);
    await onCameras(current);
    const subscription = this.store.subscribeToAll({
      from: read.position === undefined ? 'start' : { after: read.position },
      filter: REGISTRY_FILTER,
    });
    await subscription.started();
    const following = (async () => {
      for await (const batch of subscription) {
        hardware = evolveHardwareCatalog(hardware, batch);
        const next = this.camerasOf(hardware);
        if (!sameCameras(current, next)) {
          current = next;
          await onCameras(next).catch((error: unknown) =>
            this.logger.error(`applying the registry's change failed: ${String(error)}`),
          );
        }
      }
    })().catch((error: unknown) =>
      this.logger.error(
        `the registry is no longer followed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    return {
      close: async () => {
        await subscription.close();
        await following;
      },
    };
  }

  private async hardware(): Promise<{ hardware: HardwareCatalog; position?: GlobalPosition }> {
    let hardware = emptyHardwareCatalog();
    let position: GlobalPosition | undefined;
    let page: StoredEvent[] = [];
    for await (const event of this.store.readAll({ filter: REGISTRY_FILTER })) {
      page.push(event);
      position = event.position;
      if (page.length === 1_000) {
        hardware = evolveHardwareCatalog(hardware, page);
        page = [];
      }
    }
    return { hardware: evolveHardwareCatalog(hardware, page), ...(position === undefined ? {} : { position }) };
  }

  private camerasOf(hardware: HardwareCatalog): RecorderCamera[] {
    const cameras = camerasOfRecorder(hardware, this.recorderId, this.defaultRecorderId).flatMap((camera) => {
      const recorded = this.recorderCamera(camera);
      return recorded === undefined ? [] : [recorded];
    });
    if (cameras.length > this.maxCameras) {
      const left = cameras.slice(this.maxCameras).map((camera) => camera.cameraId);
      this.logger.warn(`more cameras than this recorder takes (${this.maxCameras}): not recorded: ${left.join(', ')}`);
      return cameras.slice(0, this.maxCameras);
    }
    return cameras;
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

/** Built field by field the same way each time, so equal cameras serialise equally. */
const sameCameras = (a: readonly RecorderCamera[], b: readonly RecorderCamera[]): boolean =>
  JSON.stringify(a) === JSON.stringify(b);
