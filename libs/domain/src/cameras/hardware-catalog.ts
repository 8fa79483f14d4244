import type { StoredEvent } from '../event-store/event-store.port';
import type { DeviceRouting } from '../rule-engine/action-jobs';
import type { CameraEvent } from './camera.events';
import { CAMERA_EVENT_TYPES, CAMERA_STREAM_PREFIX } from './camera.events';
import { evolveCamera, initialCameraState, type LiveCamera } from './camera.decider';
import type { DeviceGroupEvent } from './device-group.events';
import { DEVICE_GROUP_EVENT_TYPES, DEVICE_GROUP_STREAM_PREFIX } from './device-group.events';

/**
 * The hardware as the engines need it: the cameras that exist (with their recorder and their inputs and outputs)
 * and the members of each device group. Folded from the `camera-` and `devicegroup-` streams, a batch at a time.
 */
export type HardwareCatalog = Readonly<{
  cameras: ReadonlyMap<string, LiveCamera>;
  deviceGroups: ReadonlyMap<string, ReadonlySet<string>>;
}>;

export const emptyHardwareCatalog = (): HardwareCatalog => ({ cameras: new Map(), deviceGroups: new Map() });

export const HARDWARE_STREAM_PREFIXES = [CAMERA_STREAM_PREFIX, DEVICE_GROUP_STREAM_PREFIX] as const;
/**
 * The configuration events of those streams. A catalog's filter names them too: `camera-` streams also hold the
 * cameras' device events (motion, inputs), which a catalog must not read through.
 */
export const HARDWARE_EVENT_TYPES: readonly string[] = [...CAMERA_EVENT_TYPES, ...DEVICE_GROUP_EVENT_TYPES];

const CAMERA_TYPES: ReadonlySet<string> = new Set(CAMERA_EVENT_TYPES);
const DEVICE_GROUP_TYPES: ReadonlySet<string> = new Set(DEVICE_GROUP_EVENT_TYPES);

export const isHardwareEvent = (stored: Pick<StoredEvent, 'type' | 'streamId'>): boolean =>
  (stored.streamId.startsWith(CAMERA_STREAM_PREFIX) && CAMERA_TYPES.has(stored.type)) ||
  (stored.streamId.startsWith(DEVICE_GROUP_STREAM_PREFIX) && DEVICE_GROUP_TYPES.has(stored.type));

/** Folds hardware events (others are ignored); the maps are copied once per call. */
export const evolveHardwareCatalog = (catalog: HardwareCatalog, events: readonly StoredEvent[]): HardwareCatalog => {
  const relevant = events.filter(isHardwareEvent);
  if (relevant.length === 0) {
    return catalog;
  }
  const cameras = new Map(catalog.cameras);
  const deviceGroups = new Map(catalog.deviceGroups);
  for (const stored of relevant) {
    if (CAMERA_TYPES.has(stored.type)) {
      const event = { type: stored.type, data: stored.data } as CameraEvent;
      const { cameraId } = event.data;
      const current = cameras.get(cameraId);
      const next = evolveCamera(current ? { status: 'Live', camera: current } : initialCameraState(), event);
      if (next.status === 'Live') {
        cameras.set(cameraId, next.camera);
      } else {
        cameras.delete(cameraId);
      }
      continue;
    }
    const event = { type: stored.type, data: stored.data } as DeviceGroupEvent;
    if (event.type === 'DeviceGroupDeleted') {
      deviceGroups.delete(event.data.deviceGroupId);
    } else {
      deviceGroups.set(event.data.group.id, new Set(event.data.group.memberIds));
    }
  }
  return { cameras, deviceGroups };
};

/**
 * Where a device's recorder jobs go and what "All Cameras" means, from the hardware: a camera's jobs (and those of
 * its inputs and outputs) go to the recorder it is assigned to, a device assigned to none or unknown to
 * `defaultRecorderId`; "All Cameras" are the enabled cameras (a disabled camera is not started by rules, FEATURES
 * 6.1.9). Other device kinds (microphones, speakers, metadata) do not exist here yet.
 */
export const deviceRoutingOf = (hardware: HardwareCatalog, defaultRecorderId: string): DeviceRouting => {
  const recorderByDevice = new Map<string, string>();
  const enabledCameras: string[] = [];
  for (const camera of hardware.cameras.values()) {
    const recorderId = camera.recorderId ?? defaultRecorderId;
    recorderByDevice.set(camera.cameraId, recorderId);
    for (const port of [...camera.capabilities.inputs, ...camera.capabilities.outputs]) {
      recorderByDevice.set(port.deviceId, recorderId);
    }
    if (camera.enabled) {
      enabledCameras.push(camera.cameraId);
    }
  }
  return {
    recorderOf: (deviceId) => recorderByDevice.get(deviceId) ?? defaultRecorderId,
    devicesOfKind: (kind) => (kind === 'cameras' ? enabledCameras : []),
  };
};

/**
 * The cameras a recorder records: enabled, recording on, assigned to it (or to no recorder, when it is the default
 * recorder, which the rule engine sends their jobs to), with a stream to pull (the first profile is the primary).
 */
export const camerasOfRecorder = (
  hardware: HardwareCatalog,
  recorderId: string,
  defaultRecorderId: string,
): LiveCamera[] =>
  [...hardware.cameras.values()].filter(
    (camera) =>
      (camera.recorderId ?? defaultRecorderId) === recorderId &&
      camera.enabled &&
      camera.recording.enabled &&
      camera.capabilities.profiles.length > 0,
  );
