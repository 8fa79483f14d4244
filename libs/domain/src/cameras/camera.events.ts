import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { CameraCapabilities, RecordingSettings } from './camera';

// Event type names and field names are persisted, and read by recorder workers (any language): do not rename.

export const CAMERA_STREAM_PREFIX = 'camera-'; // persisted: do not rename (one stream per camera)

export const cameraStream = (cameraId: string): string => `${CAMERA_STREAM_PREFIX}${cameraId}`;

/**
 * The purpose (AES-GCM additional data) the camera's password is encrypted for: `camera-<cameraId>/password`. A
 * reader with the same VIGIL_SECRETS_KEY decrypts `encryptedPassword` with it (see SecretBox).
 */
export const cameraPasswordPurpose = (cameraId: string): string => `${cameraStream(cameraId)}/password`;

/**
 * A camera was added, enabled, with what discovery found and the default recording settings, and assigned to no
 * recorder. `address` is the ONVIF device service URL; `encryptedPassword` is the SecretBox ciphertext of the
 * password (never the password).
 */
export type CameraAdded = AccessDomainEvent<
  'CameraAdded', // persisted: do not rename
  {
    cameraId: string;
    name: string;
    address: string;
    username: string;
    encryptedPassword: string;
    capabilities: CameraCapabilities;
    recording: RecordingSettings;
    byUserId: string;
    at: EpochMs;
  }
>;
export type CameraRenamed = AccessDomainEvent<
  'CameraRenamed', // persisted: do not rename
  { cameraId: string; name: string; byUserId: string; at: EpochMs }
>;
/** A disabled camera is neither streamed nor recorded, and rules cannot start it (FEATURES 6.1.9). */
export type CameraEnabled = AccessDomainEvent<
  'CameraEnabled', // persisted: do not rename
  { cameraId: string; byUserId: string; at: EpochMs }
>;
export type CameraDisabled = AccessDomainEvent<
  'CameraDisabled', // persisted: do not rename
  { cameraId: string; byUserId: string; at: EpochMs }
>;
/** New credentials (the address is unchanged). */
export type CameraCredentialsChanged = AccessDomainEvent<
  'CameraCredentialsChanged', // persisted: do not rename
  { cameraId: string; username: string; encryptedPassword: string; byUserId: string; at: EpochMs }
>;
/** Rediscovery found something else: `capabilities` replaces the previous ones as a whole. */
export type CameraCapabilitiesDiscovered = AccessDomainEvent<
  'CameraCapabilitiesDiscovered', // persisted: do not rename
  { cameraId: string; capabilities: CameraCapabilities; byUserId: string; at: EpochMs }
>;
/** The whole recording settings after the change. */
export type CameraRecordingSettingsChanged = AccessDomainEvent<
  'CameraRecordingSettingsChanged', // persisted: do not rename
  { cameraId: string; recording: RecordingSettings; byUserId: string; at: EpochMs }
>;
/** `recorderId` null: assigned to no recorder (nobody records it). */
export type CameraAssignedToRecorder = AccessDomainEvent<
  'CameraAssignedToRecorder', // persisted: do not rename
  { cameraId: string; recorderId: string | null; byUserId: string; at: EpochMs }
>;
export type CameraRemoved = AccessDomainEvent<
  'CameraRemoved', // persisted: do not rename
  { cameraId: string; byUserId: string; at: EpochMs }
>;

export type CameraEvent =
  | CameraAdded
  | CameraRenamed
  | CameraEnabled
  | CameraDisabled
  | CameraCredentialsChanged
  | CameraCapabilitiesDiscovered
  | CameraRecordingSettingsChanged
  | CameraAssignedToRecorder
  | CameraRemoved;
export type CameraEventType = CameraEvent['type'];

// persisted: do not rename
export const CAMERA_EVENT_TYPES = [
  'CameraAdded',
  'CameraRenamed',
  'CameraEnabled',
  'CameraDisabled',
  'CameraCredentialsChanged',
  'CameraCapabilitiesDiscovered',
  'CameraRecordingSettingsChanged',
  'CameraAssignedToRecorder',
  'CameraRemoved',
] as const satisfies readonly CameraEventType[];

// Does not compile if a type is added to the union but forgotten in the list.
type UnlistedCameraEventType = Exclude<CameraEventType, (typeof CAMERA_EVENT_TYPES)[number]>;
export const allCameraEventTypesListed: [UnlistedCameraEventType] extends [never] ? true : UnlistedCameraEventType =
  true;

export const isCameraEventType = (value: string): value is CameraEventType =>
  (CAMERA_EVENT_TYPES as readonly string[]).includes(value);
