import { DomainError } from '../shared';

/** Stable, machine-readable codes of cameras and device groups. Persisted in logs and API responses: do not rename. */
export type CameraErrorCode =
  | 'CAMERA_INVALID'
  | 'CAMERA_NOT_FOUND'
  | 'CAMERA_ALREADY_EXISTS'
  | 'DEVICE_GROUP_INVALID'
  | 'DEVICE_GROUP_NOT_FOUND'
  | 'DEVICE_GROUP_ALREADY_EXISTS';

/** `CAMERA_INVALID` and `DEVICE_GROUP_INVALID` carry `details.problems`: every 'CODE: explanation'. */
export class CameraError extends DomainError<CameraErrorCode> {}
