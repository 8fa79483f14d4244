import type { CameraIoPort, PreBufferLocation } from '@vigil/domain';

/** A camera this recorder records: where its stream is and how much pre-buffer it keeps. */
export type RecorderCamera = Readonly<{
  cameraId: string;
  /** The RTSP URI as the camera announces it (ONVIF GetStreamUri), without credentials. */
  rtspUri: string;
  username?: string;
  password?: string;
  /** FEATURES 6.1.6; the recorder's PRE_BUFFER_SECONDS / PRE_BUFFER_LOCATION when absent. */
  preBufferSeconds?: number;
  preBufferLocation?: PreBufferLocation;
  /**
   * Where its events come from and its PTZ and outputs are driven (ONVIF device service), with its inputs and relay
   * outputs; absent: no device events, PTZ nor outputs.
   */
  onvif?: Readonly<{ address: string; inputs: readonly CameraIoPort[]; outputs?: readonly CameraIoPort[] }>;
}>;

/** Stops following. */
export type CameraFollow = Readonly<{ close: () => Promise<void> }>;

/**
 * The cameras assigned to this recorder: from the camera registry (RegistryCameraSource, live) in the app; tests give
 * simulated cameras directly (fixedCameras). `follow` calls `onCameras` with the whole set now, before it resolves,
 * and then again each time the set may have changed (a camera added, enabled or disabled, moved to or away from this
 * recorder, its recording settings or credentials changed, removed), one call after the other, until closed. Jobs
 * for devices it does not record complete with a warning.
 */
export interface RecorderCameraSource {
  follow(onCameras: (cameras: readonly RecorderCamera[]) => Promise<void>): Promise<CameraFollow>;
}

/** A set that never changes (tests, benchmarks). */
export const fixedCameras = (cameras: readonly RecorderCamera[]): RecorderCameraSource => ({
  follow: async (onCameras) => {
    await onCameras(cameras);
    return { close: () => Promise.resolve() };
  },
});

export const RECORDER_CAMERA_SOURCE = Symbol('RECORDER_CAMERA_SOURCE');

/** The stream URI with the credentials ffmpeg sends (RTSP Digest or Basic). */
export const streamUrlOf = (camera: RecorderCamera): string => {
  const url = new URL(camera.rtspUri);
  if (camera.username !== undefined) {
    url.username = encodeURIComponent(camera.username);
    url.password = encodeURIComponent(camera.password ?? '');
  }
  return url.toString();
};
