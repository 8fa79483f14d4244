import type { CameraGrant, Role } from '../access/role';
import { BUILT_IN_ROLES } from '../access/role';
import {
  alarmVisibleIn,
  alarmVisibleTo,
  deviceVisibility,
  deviceVisibilityKey,
  deviceVisibleTo,
} from './alarm-visibility';

const { Owner, Operator, Viewer } = BUILT_IN_ROLES;

const aRole = (...cameraGrants: CameraGrant[]): Role => ({
  id: 'role-custom',
  name: 'Custom',
  description: '',
  grants: { 'alarms.view': 'allow' },
  cameraGrants,
});
const onCamera = (cameraId: string, permissions: CameraGrant['permissions']): CameraGrant => ({
  scope: { kind: 'camera', cameraId },
  permissions,
});
const onAll = (permissions: CameraGrant['permissions']): CameraGrant => ({ scope: { kind: 'all' }, permissions });

/** The query shape must say what deviceVisibleTo says, for named and unnamed devices alike. */
const expectSameDecisions = (roles: Role[], deviceIds: string[]): void => {
  const visibility = deviceVisibility(roles);
  for (const deviceId of deviceIds) {
    expect([deviceId, visibility.devices.get(deviceId) ?? visibility.byDefault]).toEqual([
      deviceId,
      deviceVisibleTo(roles, deviceId),
    ]);
  }
};

describe('alarm visibility (FEATURES 5.3.2: source/device visibility)', () => {
  it('shows an alarm without a source device to everyone', () => {
    expect(alarmVisibleTo([aRole()], {})).toBe(true);
  });

  it('shows a camera alarm to the roles that may watch the camera live or played back', () => {
    expect(alarmVisibleTo([Operator], { sourceDeviceId: 'cam-1' })).toBe(true);
    expect(alarmVisibleTo([Viewer], { sourceDeviceId: 'cam-1' })).toBe(true);
    expect(alarmVisibleTo([aRole(onCamera('cam-1', { playback: 'allow' }))], { sourceDeviceId: 'cam-1' })).toBe(true);
    expect(alarmVisibleTo([aRole(onCamera('cam-1', { viewLive: 'allow' }))], { sourceDeviceId: 'cam-2' })).toBe(false);
    expect(alarmVisibleTo([aRole(onAll({ ptz: 'allow' }))], { sourceDeviceId: 'cam-1' })).toBe(false);
  });

  it('lets a deny on the camera in any role hide it', () => {
    const denied = aRole(onCamera('cam-vault', { viewLive: 'deny', playback: 'deny' }));
    expect(alarmVisibleTo([Operator, denied], { sourceDeviceId: 'cam-vault' })).toBe(false);
    expect(alarmVisibleTo([Operator, denied], { sourceDeviceId: 'cam-lobby' })).toBe(true);
    expect(alarmVisibleTo([Owner, denied], { sourceDeviceId: 'cam-vault' })).toBe(true);
  });

  it('gives the same decisions in the shape a query filters on', () => {
    const devices = ['cam-1', 'cam-2', 'cam-vault', 'cam-lobby', 'door-1'];
    expectSameDecisions([Operator], devices);
    expectSameDecisions([aRole()], devices);
    expectSameDecisions(
      [aRole(onCamera('cam-1', { viewLive: 'allow' }), onCamera('cam-2', { ptz: 'allow' }))],
      devices,
    );
    expectSameDecisions([Operator, aRole(onCamera('cam-vault', { viewLive: 'deny', playback: 'deny' }))], devices);
    expectSameDecisions([Owner, aRole(onAll({ viewLive: 'deny' }))], devices);
    expect(deviceVisibility([aRole(onCamera('cam-1', { viewLive: 'allow' }))])).toEqual({
      byDefault: false,
      devices: new Map([['cam-1', true]]),
    });
  });

  it('decides from a precomputed visibility exactly as from the roles', () => {
    const cases: Role[][] = [
      [Operator],
      [aRole(onCamera('cam-1', { viewLive: 'allow' }))],
      [Operator, aRole(onCamera('cam-vault', { viewLive: 'deny', playback: 'deny' }))],
    ];
    for (const roles of cases) {
      const visibility = deviceVisibility(roles);
      for (const alarm of [{}, { sourceDeviceId: 'cam-1' }, { sourceDeviceId: 'cam-vault' }, { sourceDeviceId: 'x' }]) {
        expect(alarmVisibleIn(visibility, alarm)).toBe(alarmVisibleTo(roles, alarm));
      }
    }
  });

  it('gives users who see the same devices the same key, and others a different one', () => {
    // Given roles that differ but see the same devices, and roles that do not
    const keyOf = (roles: Role[]) => deviceVisibilityKey(deviceVisibility(roles));
    const sameAsOperator = [Operator, aRole(onCamera('cam-1', { viewLive: 'allow' }))];
    const vaultDenied = [Operator, aRole(onCamera('cam-vault', { viewLive: 'deny', playback: 'deny' }))];

    // Then the keys say so
    expect(keyOf(sameAsOperator)).toBe(keyOf([Operator]));
    expect(keyOf([Viewer])).toBe(keyOf([Operator]));
    expect(keyOf(vaultDenied)).not.toBe(keyOf([Operator]));
    expect(keyOf([aRole(onCamera('cam-1', { viewLive: 'allow' }))])).not.toBe(
      keyOf([aRole(onCamera('cam-2', { viewLive: 'allow' }))]),
    );
  });
});
