import type { StoredEvent } from '../event-store/event-store.port';
import { DEFAULT_RECORDING_SETTINGS, type CameraCapabilities } from './camera';
import { cameraStream } from './camera.events';
import { deviceGroupStream } from './device-group.events';
import { camerasOfRecorder, deviceRoutingOf, emptyHardwareCatalog, evolveHardwareCatalog } from './hardware-catalog';

let sequence = 0;
const stored = (streamId: string, type: string, data: object): StoredEvent => {
  sequence += 1;
  return {
    id: `event-${sequence}`,
    type,
    data,
    metadata: {},
    streamId,
    revision: 0n,
    position: { commit: BigInt(sequence), prepare: BigInt(sequence) },
    recordedAt: new Date(0),
  };
};

const capabilities = (cameraId: string): CameraCapabilities => ({
  profiles: [{ token: 'P1', name: 'Main', encoding: 'H264', width: 640, height: 360, streamUri: 'rtsp://cam/1' }],
  ptz: { supported: false, presets: [] },
  inputs: [{ deviceId: `${cameraId}-in`, token: 'DigitalInput_1' }],
  outputs: [{ deviceId: `${cameraId}-out`, token: 'RelayOutput_1' }],
});

const cameraAdded = (cameraId: string): StoredEvent =>
  stored(cameraStream(cameraId), 'CameraAdded', {
    cameraId,
    name: cameraId,
    address: `http://${cameraId}/onvif/device_service`,
    username: 'admin',
    encryptedPassword: 'sealed',
    capabilities: capabilities(cameraId),
    recording: DEFAULT_RECORDING_SETTINGS,
    byUserId: 'admin',
    at: 1,
  });

describe('the hardware catalog', () => {
  it('given cameras assigned to recorders, then their jobs and those of their inputs and outputs go there, the rest to the default recorder', () => {
    const hardware = evolveHardwareCatalog(emptyHardwareCatalog(), [
      cameraAdded('lobby'),
      cameraAdded('dock'),
      stored(cameraStream('lobby'), 'CameraAssignedToRecorder', {
        cameraId: 'lobby',
        recorderId: 'recorder-2',
        byUserId: 'admin',
        at: 2,
      }),
    ]);

    const routing = deviceRoutingOf(hardware, 'recorder-1');

    expect(['lobby', 'lobby-in', 'lobby-out', 'dock', 'unknown'].map(routing.recorderOf)).toEqual([
      'recorder-2',
      'recorder-2',
      'recorder-2',
      'recorder-1',
      'recorder-1',
    ]);
  });

  it('given a disabled and a removed camera, then "All Cameras" names the enabled ones only', () => {
    const hardware = evolveHardwareCatalog(emptyHardwareCatalog(), [
      cameraAdded('lobby'),
      cameraAdded('dock'),
      cameraAdded('gate'),
      stored(cameraStream('dock'), 'CameraDisabled', { cameraId: 'dock', byUserId: 'admin', at: 2 }),
      stored(cameraStream('gate'), 'CameraRemoved', { cameraId: 'gate', byUserId: 'admin', at: 3 }),
    ]);

    const routing = deviceRoutingOf(hardware, 'recorder-1');

    expect(routing.devicesOfKind('cameras')).toEqual(['lobby']);
    expect(routing.devicesOfKind('microphones')).toEqual([]);
  });

  it('given device groups created, changed and deleted, then each group has its latest members', () => {
    const group = (id: string, memberIds: string[]) => ({ id, name: id, description: '', memberIds });
    const hardware = evolveHardwareCatalog(emptyHardwareCatalog(), [
      stored(deviceGroupStream('g1'), 'DeviceGroupCreated', { group: group('g1', ['a']), byUserId: 'x', at: 1 }),
      stored(deviceGroupStream('g2'), 'DeviceGroupCreated', { group: group('g2', ['b']), byUserId: 'x', at: 1 }),
      stored(deviceGroupStream('g1'), 'DeviceGroupUpdated', { group: group('g1', ['a', 'c']), byUserId: 'x', at: 2 }),
      stored(deviceGroupStream('g2'), 'DeviceGroupDeleted', { deviceGroupId: 'g2', byUserId: 'x', at: 3 }),
    ]);

    expect([...hardware.deviceGroups.entries()].map(([id, members]) => [id, [...members]])).toEqual([
      ['g1', ['a', 'c']],
    ]);
  });

  it('given events of other streams only, then the catalog is the same object', () => {
    const catalog = emptyHardwareCatalog();

    expect(evolveHardwareCatalog(catalog, [stored('rule-r1', 'RuleCreated', {})])).toBe(catalog);
  });

  it('given cameras on several recorders, then a recorder records its enabled cameras with recording on, and the default one those of none', () => {
    const assign = (cameraId: string, recorderId: string | null) =>
      stored(cameraStream(cameraId), 'CameraAssignedToRecorder', { cameraId, recorderId, byUserId: 'x', at: 2 });
    const hardware = evolveHardwareCatalog(emptyHardwareCatalog(), [
      cameraAdded('lobby'),
      cameraAdded('dock'),
      cameraAdded('gate'),
      cameraAdded('yard'),
      cameraAdded('roof'),
      assign('dock', 'recorder-2'),
      assign('gate', 'recorder-2'),
      stored(cameraStream('gate'), 'CameraDisabled', { cameraId: 'gate', byUserId: 'x', at: 3 }),
      assign('roof', 'recorder-2'),
      stored(cameraStream('roof'), 'CameraRecordingSettingsChanged', {
        cameraId: 'roof',
        recording: { ...DEFAULT_RECORDING_SETTINGS, enabled: false },
        byUserId: 'x',
        at: 3,
      }),
    ]);

    const ids = (recorderId: string) =>
      camerasOfRecorder(hardware, recorderId, 'recorder-1').map((camera) => camera.cameraId);

    expect(ids('recorder-2')).toEqual(['dock']);
    expect(ids('recorder-1')).toEqual(['lobby', 'yard']);
  });
});
