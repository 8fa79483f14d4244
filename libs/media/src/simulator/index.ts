export { CameraFleet, type CameraFleetOptions } from './camera.fleet';
export { UnknownTokenError, type RelayState } from './camera.device';
export { ensureH264Loop, ensureSnapshotJpeg, type VideoFormat } from './media-loop.cache';
export { TOPICS } from './onvif.namespaces';
export type { PtzPreset, PtzVector } from './ptz.state';
export { RtspServer, SYSTEM_PYTHON, type RtspServerOptions } from './rtsp.server';
export { SimulatedCamera, type CameraState, type SimulatedCameraOptions, type StreamControl } from './simulated.camera';
export type { Credentials } from './ws-security.auth';
