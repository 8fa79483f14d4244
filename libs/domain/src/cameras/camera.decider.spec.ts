import { deciderSpec } from '../access/testing/decider-spec';
import { DEFAULT_RECORDING_SETTINGS, manualRecordingAutoStopOf, type CameraCapabilities } from './camera';
import { cameraDecider, type CameraCommand } from './camera.decider';
import type { CameraAdded, CameraEvent } from './camera.events';

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error: unknown) {
    return error;
  }
  return undefined;
};

const given = deciderSpec(cameraDecider);
const cameraId = 'c1';
const byUserId = 'admin';
const capabilities: CameraCapabilities = {
  manufacturer: 'Vigil',
  profiles: [
    { token: 'Profile_1', name: 'MainStream', encoding: 'H264', width: 640, height: 360, streamUri: 'rtsp://cam/1' },
  ],
  ptz: { supported: true, presets: [{ token: '1', name: 'Entrance' }] },
  inputs: [{ deviceId: 'in-1', token: 'DigitalInput_1' }],
  outputs: [{ deviceId: 'out-1', token: 'RelayOutput_1' }],
};
const by = { cameraId, byUserId, now: 2 };

const added: CameraAdded = {
  type: 'CameraAdded',
  data: {
    cameraId,
    name: 'Lobby',
    address: 'http://10.0.0.5/onvif/device_service',
    username: 'admin',
    encryptedPassword: 'v1.sealed',
    capabilities,
    recording: DEFAULT_RECORDING_SETTINGS,
    byUserId,
    at: 1,
  },
};
const add = (name = ' Lobby '): CameraCommand => ({
  type: 'AddCamera',
  data: {
    ...by,
    now: 1,
    name,
    address: added.data.address,
    username: 'admin',
    encryptedPassword: 'v1.sealed',
    capabilities,
  },
});
const settings = (change: object): CameraCommand => ({
  type: 'ChangeCameraRecordingSettings',
  data: { ...by, change },
});
const recordingChanged = (enabled: boolean, location: 'memory' | 'disk', seconds: number): CameraEvent => ({
  type: 'CameraRecordingSettingsChanged',
  data: { cameraId, recording: { enabled, preBuffer: { enabled: true, location, seconds } }, byUserId, at: 2 },
});

describe('camera decider', () => {
  describe('given nothing', () => {
    it('adds the camera, enabled, name trimmed, with the default recording settings (3 s in memory)', () =>
      given([]).when(add()).then([added]));

    it('refuses a camera without a name', () => given([]).when(add('  ')).thenThrows('CAMERA_INVALID'));

    it('refuses changes to a camera that does not exist', () => {
      given([])
        .when({ type: 'RenameCamera', data: { ...by, name: 'x' } })
        .thenThrows('CAMERA_NOT_FOUND');
      given([]).when({ type: 'RemoveCamera', data: by }).thenThrows('CAMERA_NOT_FOUND');
    });
  });

  describe('given a camera', () => {
    it('refuses adding it again', () => given([added]).when(add()).thenThrows('CAMERA_ALREADY_EXISTS'));

    it('renames it when the device has reported events into its stream since (they are not configuration)', () => {
      const motion = { type: 'MotionStarted', data: { cameraId, at: 2 } } as unknown as CameraEvent;
      given([added, motion])
        .when({ type: 'RenameCamera', data: { ...by, name: 'Hall' } })
        .then([{ type: 'CameraRenamed', data: { cameraId, name: 'Hall', byUserId, at: 2 } }]);
    });

    it('renames, disables and enables it; the same value again records nothing', () => {
      given([added])
        .when({ type: 'RenameCamera', data: { ...by, name: 'Hall ' } })
        .then([{ type: 'CameraRenamed', data: { cameraId, name: 'Hall', byUserId, at: 2 } }]);
      given([added])
        .when({ type: 'RenameCamera', data: { ...by, name: 'Lobby' } })
        .then([]);
      given([added])
        .when({ type: 'SetCameraEnabled', data: { ...by, enabled: true } })
        .then([]);
      given([added])
        .when({ type: 'SetCameraEnabled', data: { ...by, enabled: false } })
        .then([{ type: 'CameraDisabled', data: { cameraId, byUserId, at: 2 } }]);
      given([added, { type: 'CameraDisabled', data: { cameraId, byUserId, at: 2 } }])
        .when({ type: 'SetCameraEnabled', data: { ...by, enabled: true } })
        .then([{ type: 'CameraEnabled', data: { cameraId, byUserId, at: 2 } }]);
    });

    it('accepts a pre-buffer of 1 to 15 s in memory, and more on disk', () => {
      given([added])
        .when(settings({ preBuffer: { seconds: 15 } }))
        .then([recordingChanged(true, 'memory', 15)]);
      given([added])
        .when(settings({ enabled: false, preBuffer: { location: 'disk', seconds: 60 } }))
        .then([recordingChanged(false, 'disk', 60)]);
    });

    it('refuses more than 15 s in memory, less than 1 s, and more than an hour on disk', () => {
      given([added])
        .when(settings({ preBuffer: { seconds: 16 } }))
        .thenThrows('CAMERA_INVALID');
      given([added])
        .when(settings({ preBuffer: { seconds: 0 } }))
        .thenThrows('CAMERA_INVALID');
      given([added])
        .when(settings({ preBuffer: { location: 'disk', seconds: 3601 } }))
        .thenThrows('CAMERA_INVALID');
      expect(
        thrownBy(() =>
          cameraDecider.decide(settings({ preBuffer: { seconds: 16 } }), { status: 'Live', camera: live() }),
        ),
      ).toMatchObject({
        details: {
          problems: ['PRE_BUFFER_MEMORY_LIMIT: a pre-buffer in memory holds at most 15 seconds; choose disk for more'],
        },
      });
    });

    it('changes "Stop manual recording after", 5 minutes by default, keeping the rest (FEATURES 6.1.3)', () => {
      const withAutoStop = (enabled: boolean, minutes: number): CameraEvent => ({
        type: 'CameraRecordingSettingsChanged',
        data: {
          cameraId,
          recording: { ...DEFAULT_RECORDING_SETTINGS, stopManualRecordingAfter: { enabled, minutes } },
          byUserId,
          at: 2,
        },
      });
      expect(manualRecordingAutoStopOf(DEFAULT_RECORDING_SETTINGS)).toEqual({ enabled: true, minutes: 5 });
      given([added])
        .when(settings({ stopManualRecordingAfter: { minutes: 30 } }))
        .then([withAutoStop(true, 30)]);
      given([added])
        .when(settings({ stopManualRecordingAfter: { enabled: false } }))
        .then([withAutoStop(false, 5)]);
      given([added, withAutoStop(false, 5)])
        .when(settings({ stopManualRecordingAfter: { minutes: 10 } }))
        .then([withAutoStop(false, 10)]);
    });

    it('refuses a manual recording auto-stop that is not 1 to 1440 whole minutes', () => {
      for (const minutes of [0, 1441, 2.5]) {
        expect(
          thrownBy(() =>
            cameraDecider.decide(settings({ stopManualRecordingAfter: { minutes } }), {
              status: 'Live',
              camera: live(),
            }),
          ),
        ).toMatchObject({
          code: 'CAMERA_INVALID',
          details: {
            problems: [
              'MANUAL_RECORDING_AUTO_STOP_INVALID: manual recording stops after a whole number of minutes, 1 to 1440',
            ],
          },
        });
      }
    });

    it('reduces a longer disk pre-buffer to 15 s when only the location changes to memory (S2:6730)', () =>
      given([added, recordingChanged(true, 'disk', 60)])
        .when(settings({ preBuffer: { location: 'memory' } }))
        .then([recordingChanged(true, 'memory', 15)]));

    it('assigns it to a recorder and back to none, refusing an invalid recorder id', () => {
      given([added])
        .when({ type: 'AssignCameraToRecorder', data: { ...by, recorderId: 'recorder-1' } })
        .then([{ type: 'CameraAssignedToRecorder', data: { cameraId, recorderId: 'recorder-1', byUserId, at: 2 } }]);
      given([added])
        .when({ type: 'AssignCameraToRecorder', data: { ...by, recorderId: null } })
        .then([]);
      given([added])
        .when({ type: 'AssignCameraToRecorder', data: { ...by, recorderId: 'no spaces' } })
        .thenThrows('CAMERA_INVALID');
    });

    it('records new capabilities only when rediscovery found something else', () => {
      given([added])
        .when({ type: 'RecordCameraCapabilities', data: { ...by, capabilities } })
        .then([]);
      const changed = { ...capabilities, ptz: { supported: true, presets: [] } };
      given([added])
        .when({ type: 'RecordCameraCapabilities', data: { ...by, capabilities: changed } })
        .then([{ type: 'CameraCapabilitiesDiscovered', data: { cameraId, capabilities: changed, byUserId, at: 2 } }]);
    });

    it('removes it for good', () => {
      const removed: CameraEvent = { type: 'CameraRemoved', data: { cameraId, byUserId, at: 2 } };
      given([added]).when({ type: 'RemoveCamera', data: by }).then([removed]);
      given([added, removed]).when({ type: 'RemoveCamera', data: by }).thenThrows('CAMERA_NOT_FOUND');
      given([added, removed]).when(add()).thenThrows('CAMERA_ALREADY_EXISTS');
    });
  });
});

function live() {
  const state = cameraDecider.evolve(cameraDecider.initialState(), added);
  if (state.status !== 'Live') {
    throw new Error('not live');
  }
  return state.camera;
}

describe('camera decider, given state read back from the store with its keys in another order', () => {
  it('sees unchanged capabilities and recording settings as unchanged', () => {
    const reordered = JSON.parse(JSON.stringify(added), (_key, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    ) as CameraAdded;
    given([reordered])
      .when({ type: 'RecordCameraCapabilities', data: { ...by, capabilities } })
      .then([]);
    given([reordered])
      .when(settings({ preBuffer: { seconds: 3 } }))
      .then([]);
  });
});
