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

/**
 * The cameras assigned to this recorder: from the camera registry (RegistryCameraSource) in the app; tests give
 * simulated cameras directly. Jobs for devices it does not record complete with a warning.
 */
export interface RecorderCameraSource {
  cameras(): Promise<readonly RecorderCamera[]>;
}

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
