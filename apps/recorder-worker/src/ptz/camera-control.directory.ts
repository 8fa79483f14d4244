import type { OnvifTarget } from '@vigil/media';
import type { RecorderCamera, RecorderCameraSource } from '../recording/recorder-cameras.port';

/** A relay output of one of this recorder's cameras: the camera to ask, and the output's ONVIF token. */
export type OutputTarget = Readonly<{ cameraId: string; token: string; onvif: OnvifTarget }>;

/**
 * How to reach what this recorder drives (FEATURES 1.5 A12-A14, 8): each camera's ONVIF device service with its
 * decrypted credentials, and each relay output by its device id (the id rules name). Read from the camera source
 * when the worker starts, as the recordings are.
 */
export class CameraControlDirectory {
  private readonly cameras = new Map<string, OnvifTarget>();
  private readonly outputs = new Map<string, OutputTarget>();

  async open(source: RecorderCameraSource): Promise<void> {
    for (const camera of await source.cameras()) {
      this.add(camera);
    }
  }

  /** The camera's ONVIF target; undefined when this recorder does not drive it. */
  camera(cameraId: string): OnvifTarget | undefined {
    return this.cameras.get(cameraId);
  }

  output(deviceId: string): OutputTarget | undefined {
    return this.outputs.get(deviceId);
  }

  private add(camera: RecorderCamera): void {
    if (camera.onvif === undefined) {
      return;
    }
    const onvif: OnvifTarget = {
      address: camera.onvif.address,
      username: camera.username ?? '',
      password: camera.password ?? '',
    };
    this.cameras.set(camera.cameraId, onvif);
    for (const output of camera.onvif.outputs ?? []) {
      this.outputs.set(output.deviceId, { cameraId: camera.cameraId, token: output.token, onvif });
    }
  }
}
