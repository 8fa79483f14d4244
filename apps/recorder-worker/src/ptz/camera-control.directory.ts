import type { OnvifTarget } from '@vigil/media';
import type { CameraFollow, RecorderCamera, RecorderCameraSource } from '../recording/recorder-cameras.port';

/** A relay output of one of this recorder's cameras: the camera to ask, and the output's ONVIF token. */
export type OutputTarget = Readonly<{ cameraId: string; token: string; onvif: OnvifTarget }>;

/**
 * How to reach what this recorder drives (FEATURES 1.5 A12-A14, 8): each camera's ONVIF device service with its
 * decrypted credentials, and each relay output by its device id (the id rules name). Follows the camera source, as
 * the recordings do: a camera added, changed, moved away or removed is driven (or not) from the next job on.
 */
export class CameraControlDirectory {
  private cameras = new Map<string, OnvifTarget>();
  private outputs = new Map<string, OutputTarget>();
  private following: CameraFollow | undefined;

  async open(source: RecorderCameraSource): Promise<void> {
    this.following = await source.follow((cameras) => {
      this.replace(cameras);
      return Promise.resolve();
    });
  }

  async close(): Promise<void> {
    await this.following?.close();
    this.following = undefined;
  }

  /** The camera's ONVIF target; undefined when this recorder does not drive it. */
  camera(cameraId: string): OnvifTarget | undefined {
    return this.cameras.get(cameraId);
  }

  output(deviceId: string): OutputTarget | undefined {
    return this.outputs.get(deviceId);
  }

  /** The whole set at once: a job running meanwhile sees the old maps or the new ones, never half of each. */
  private replace(cameras: readonly RecorderCamera[]): void {
    const targets = new Map<string, OnvifTarget>();
    const outputs = new Map<string, OutputTarget>();
    for (const camera of cameras) {
      this.add(camera, targets, outputs);
    }
    this.cameras = targets;
    this.outputs = outputs;
  }

  private add(camera: RecorderCamera, targets: Map<string, OnvifTarget>, outputs: Map<string, OutputTarget>): void {
    if (camera.onvif === undefined) {
      return;
    }
    const onvif: OnvifTarget = {
      address: camera.onvif.address,
      username: camera.username ?? '',
      password: camera.password ?? '',
    };
    targets.set(camera.cameraId, onvif);
    for (const output of camera.onvif.outputs ?? []) {
      outputs.set(output.deviceId, { cameraId: camera.cameraId, token: output.token, onvif });
    }
  }
}
