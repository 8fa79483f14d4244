import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import {
  applyRecordingSettingsChange,
  cameraNameProblems,
  DEFAULT_RECORDING_SETTINGS,
  recorderIdProblems,
  recordingSettingsProblems,
  type CameraCapabilities,
  type RecordingSettings,
  type RecordingSettingsChange,
} from './camera';
import { CameraError } from './camera.errors';
import { isCameraEventType, type CameraEvent } from './camera.events';

/*
 * Cameras, stream `camera-<id>`. Discovery (network I/O) happens before the command: the command carries what it
 * found, and the password already encrypted. Changing something to what it already is records nothing.
 */
type By = Readonly<{ cameraId: string; byUserId: string; now: EpochMs }>;

export type AddCamera = AccessCommand<
  'AddCamera',
  By &
    Readonly<{
      name: string;
      address: string;
      username: string;
      encryptedPassword: string;
      capabilities: CameraCapabilities;
    }>
>;
export type RenameCamera = AccessCommand<'RenameCamera', By & Readonly<{ name: string }>>;
export type SetCameraEnabled = AccessCommand<'SetCameraEnabled', By & Readonly<{ enabled: boolean }>>;
export type ChangeCameraCredentials = AccessCommand<
  'ChangeCameraCredentials',
  By & Readonly<{ username: string; encryptedPassword: string }>
>;
export type RecordCameraCapabilities = AccessCommand<
  'RecordCameraCapabilities',
  By & Readonly<{ capabilities: CameraCapabilities }>
>;
export type ChangeCameraRecordingSettings = AccessCommand<
  'ChangeCameraRecordingSettings',
  By & Readonly<{ change: RecordingSettingsChange }>
>;
export type AssignCameraToRecorder = AccessCommand<
  'AssignCameraToRecorder',
  By & Readonly<{ recorderId: string | null }>
>;
export type RemoveCamera = AccessCommand<'RemoveCamera', By>;

export type CameraCommand =
  | AddCamera
  | RenameCamera
  | SetCameraEnabled
  | ChangeCameraCredentials
  | RecordCameraCapabilities
  | ChangeCameraRecordingSettings
  | AssignCameraToRecorder
  | RemoveCamera;

export type LiveCamera = Readonly<{
  cameraId: string;
  name: string;
  enabled: boolean;
  address: string;
  username: string;
  encryptedPassword: string;
  capabilities: CameraCapabilities;
  recording: RecordingSettings;
  recorderId: string | null;
}>;

export type CameraState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Live'; camera: LiveCamera }>
  | Readonly<{ status: 'Removed'; cameraId: string }>;

export const initialCameraState = (): CameraState => ({ status: 'None' });

const invalid = (cameraId: string, problems: string[]): CameraError =>
  new CameraError('CAMERA_INVALID', `camera ${cameraId} is invalid: ${problems.join('; ')}`, { problems });

const check = (cameraId: string, problems: string[]): void => {
  if (problems.length > 0) {
    throw invalid(cameraId, problems);
  }
};

const live = (cameraId: string, state: CameraState): LiveCamera => {
  if (state.status !== 'Live') {
    throw new CameraError(
      'CAMERA_NOT_FOUND',
      `camera ${cameraId} ${state.status === 'Removed' ? 'was removed' : 'does not exist'}`,
    );
  }
  return state.camera;
};

/** JSON with object keys sorted: the event store (jsonb) does not keep key order, so state read back may differ. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

export const decideCamera = (command: CameraCommand, state: CameraState): CameraEvent[] => {
  const { cameraId, byUserId, now: at } = command.data;
  switch (command.type) {
    case 'AddCamera': {
      if (state.status !== 'None') {
        // a removed camera's id is never reused: recordings and events keep pointing at what it was
        throw new CameraError('CAMERA_ALREADY_EXISTS', `camera ${cameraId} exists`);
      }
      const { name, address, username, encryptedPassword, capabilities } = command.data;
      check(cameraId, cameraNameProblems(name));
      return [
        {
          type: 'CameraAdded',
          data: {
            cameraId,
            name: name.trim(),
            address,
            username,
            encryptedPassword,
            capabilities,
            recording: DEFAULT_RECORDING_SETTINGS,
            byUserId,
            at,
          },
        },
      ];
    }
    case 'RenameCamera': {
      const camera = live(cameraId, state);
      check(cameraId, cameraNameProblems(command.data.name));
      const name = command.data.name.trim();
      return name === camera.name ? [] : [{ type: 'CameraRenamed', data: { cameraId, name, byUserId, at } }];
    }
    case 'SetCameraEnabled': {
      const camera = live(cameraId, state);
      if (camera.enabled === command.data.enabled) {
        return [];
      }
      return [{ type: command.data.enabled ? 'CameraEnabled' : 'CameraDisabled', data: { cameraId, byUserId, at } }];
    }
    case 'ChangeCameraCredentials': {
      live(cameraId, state);
      const { username, encryptedPassword } = command.data;
      return [{ type: 'CameraCredentialsChanged', data: { cameraId, username, encryptedPassword, byUserId, at } }];
    }
    case 'RecordCameraCapabilities': {
      const camera = live(cameraId, state);
      const { capabilities } = command.data;
      return same(capabilities, camera.capabilities)
        ? []
        : [{ type: 'CameraCapabilitiesDiscovered', data: { cameraId, capabilities, byUserId, at } }];
    }
    case 'ChangeCameraRecordingSettings': {
      const camera = live(cameraId, state);
      const recording = applyRecordingSettingsChange(camera.recording, command.data.change);
      check(cameraId, recordingSettingsProblems(recording));
      return same(recording, camera.recording)
        ? []
        : [{ type: 'CameraRecordingSettingsChanged', data: { cameraId, recording, byUserId, at } }];
    }
    case 'AssignCameraToRecorder': {
      const camera = live(cameraId, state);
      const { recorderId } = command.data;
      if (recorderId !== null) {
        check(cameraId, recorderIdProblems(recorderId));
      }
      return recorderId === camera.recorderId
        ? []
        : [{ type: 'CameraAssignedToRecorder', data: { cameraId, recorderId, byUserId, at } }];
    }
    case 'RemoveCamera':
      live(cameraId, state);
      return [{ type: 'CameraRemoved', data: { cameraId, byUserId, at } }];
    default:
      return assertNever(command);
  }
};

const change = (state: CameraState, update: (camera: LiveCamera) => LiveCamera): CameraState =>
  state.status === 'Live' ? { status: 'Live', camera: update(state.camera) } : state;

export const evolveCamera = (state: CameraState, event: CameraEvent): CameraState => {
  // The camera's stream also holds what the device reported (MotionStarted, InputActivated, …): not the camera's
  // configuration, so they leave its state as it is.
  if (!isCameraEventType(event.type)) {
    return state;
  }
  switch (event.type) {
    case 'CameraAdded': {
      const { byUserId: _by, at: _at, ...camera } = event.data;
      return { status: 'Live', camera: { ...camera, enabled: true, recorderId: null } };
    }
    case 'CameraRenamed':
      return change(state, (camera) => ({ ...camera, name: event.data.name }));
    case 'CameraEnabled':
      return change(state, (camera) => ({ ...camera, enabled: true }));
    case 'CameraDisabled':
      return change(state, (camera) => ({ ...camera, enabled: false }));
    case 'CameraCredentialsChanged':
      return change(state, (camera) => ({
        ...camera,
        username: event.data.username,
        encryptedPassword: event.data.encryptedPassword,
      }));
    case 'CameraCapabilitiesDiscovered':
      return change(state, (camera) => ({ ...camera, capabilities: event.data.capabilities }));
    case 'CameraRecordingSettingsChanged':
      return change(state, (camera) => ({ ...camera, recording: event.data.recording }));
    case 'CameraAssignedToRecorder':
      return change(state, (camera) => ({ ...camera, recorderId: event.data.recorderId }));
    case 'CameraRemoved':
      return { status: 'Removed', cameraId: event.data.cameraId };
    default:
      return assertNever(event);
  }
};

export const cameraDecider = {
  decide: decideCamera,
  evolve: evolveCamera,
  initialState: initialCameraState,
} satisfies AccessDecider<CameraState, CameraCommand, CameraEvent>;
