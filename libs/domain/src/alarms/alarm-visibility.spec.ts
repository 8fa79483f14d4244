import type { AlarmDefinitionGrant, CameraGrant, Role } from '../access/role';
import { BUILT_IN_ROLES, EVERY_ALARM_DEFINITION_VIEW_WRITE } from '../access/role';
import {
  NO_GROUPS,
  alarmHandleableBy,
  alarmVisibility,
  alarmVisibilityKey,
  alarmVisibleIn,
  alarmVisibleTo,
  deviceRefOf,
  deviceVisibility,
  deviceVisibleTo,
  type AlarmSource,
  type GroupMembership,
} from './alarm-visibility';

const { Owner, Operator, Viewer } = BUILT_IN_ROLES;

const aRole = (
  cameraGrants: CameraGrant[],
  alarmDefinitionGrants: readonly AlarmDefinitionGrant[] = EVERY_ALARM_DEFINITION_VIEW_WRITE,
): Role => ({
  id: 'role-custom',
  name: 'Custom',
  description: '',
  grants: { 'alarms.view': 'allow' },
  cameraGrants,
  alarmDefinitionGrants,
});
const onCamera = (cameraId: string, permissions: CameraGrant['permissions']): CameraGrant => ({
  scope: { kind: 'camera', cameraId },
  permissions,
});
const onGroup = (groupId: string, permissions: CameraGrant['permissions']): CameraGrant => ({
  scope: { kind: 'group', groupId },
  permissions,
});
const onAll = (permissions: CameraGrant['permissions']): CameraGrant => ({ scope: { kind: 'all' }, permissions });
const onDefinition = (alarmDefinitionId: string, permissions: AlarmDefinitionGrant['permissions']) => ({
  scope: { kind: 'definition', alarmDefinitionId } as const,
  permissions,
});
const onEveryDefinition = (permissions: AlarmDefinitionGrant['permissions']) => ({
  scope: { kind: 'all' } as const,
  permissions,
});
const everyCamera = [onAll({ viewLive: 'allow' })];

const PERIMETER: GroupMembership = new Map([['group-perimeter', new Set(['cam-gate', 'cam-fence'])]]);
const DEVICES = ['cam-1', 'cam-2', 'cam-vault', 'cam-gate', 'cam-fence', 'door-1'];
const DEFINITIONS = ['def-intrusion', 'def-fire', 'def-other'];

/** Every alarm shape the decisions can tell apart: with and without a device and a definition. */
const ALARMS: AlarmSource[] = [
  {},
  ...DEVICES.map((sourceDeviceId) => ({ sourceDeviceId })),
  ...DEFINITIONS.map((alarmDefinitionId) => ({ alarmDefinitionId })),
  ...DEVICES.flatMap((sourceDeviceId) =>
    DEFINITIONS.map((alarmDefinitionId) => ({ sourceDeviceId, alarmDefinitionId })),
  ),
];

describe('alarm visibility: the source device (FEATURES 5.3.2)', () => {
  it('shows an alarm without a source device to everyone who views its definition', () => {
    expect(alarmVisibleTo([aRole([])], {}, NO_GROUPS)).toBe(true);
  });

  it('shows a camera alarm to the roles that may watch the camera live or played back', () => {
    const seen = (roles: Role[], sourceDeviceId: string) => alarmVisibleTo(roles, { sourceDeviceId }, NO_GROUPS);
    expect(seen([Operator], 'cam-1')).toBe(true);
    expect(seen([Viewer], 'cam-1')).toBe(true);
    expect(seen([aRole([onCamera('cam-1', { playback: 'allow' })])], 'cam-1')).toBe(true);
    expect(seen([aRole([onCamera('cam-1', { viewLive: 'allow' })])], 'cam-2')).toBe(false);
    expect(seen([aRole([onAll({ ptz: 'allow' })])], 'cam-1')).toBe(false);
  });

  it('lets a deny on the camera in any role hide it', () => {
    const denied = aRole([onCamera('cam-vault', { viewLive: 'deny', playback: 'deny' })]);
    expect(alarmVisibleTo([Operator, denied], { sourceDeviceId: 'cam-vault' }, NO_GROUPS)).toBe(false);
    expect(alarmVisibleTo([Operator, denied], { sourceDeviceId: 'cam-lobby' }, NO_GROUPS)).toBe(true);
    expect(alarmVisibleTo([Owner, denied], { sourceDeviceId: 'cam-vault' }, NO_GROUPS)).toBe(true);
  });
});

describe('alarm visibility: device groups', () => {
  it('given a grant on a group, then the alarms of the cameras in the group are shown, and no others', () => {
    const roles = [aRole([onGroup('group-perimeter', { viewLive: 'allow' })])];

    expect(alarmVisibleTo(roles, { sourceDeviceId: 'cam-gate' }, PERIMETER)).toBe(true);
    expect(alarmVisibleTo(roles, { sourceDeviceId: 'cam-fence' }, PERIMETER)).toBe(true);
    expect(alarmVisibleTo(roles, { sourceDeviceId: 'cam-1' }, PERIMETER)).toBe(false);
  });

  it('given a camera leaves the group, then its alarms follow the membership as it is now', () => {
    const roles = [aRole([onGroup('group-perimeter', { viewLive: 'allow' })])];
    const without: GroupMembership = new Map([['group-perimeter', new Set(['cam-fence'])]]);

    expect(alarmVisibleTo(roles, { sourceDeviceId: 'cam-gate' }, without)).toBe(false);
  });

  it('given a deny on a group in any role, then it hides its cameras from an all-cameras allow', () => {
    const roles = [Operator, aRole([onGroup('group-perimeter', { viewLive: 'deny', playback: 'deny' })])];

    expect(alarmVisibleTo(roles, { sourceDeviceId: 'cam-gate' }, PERIMETER)).toBe(false);
    expect(alarmVisibleTo(roles, { sourceDeviceId: 'cam-1' }, PERIMETER)).toBe(true);
  });

  it('names the members of the groups a grant names, in the shape a query filters on', () => {
    const roles = [aRole([onGroup('group-perimeter', { viewLive: 'allow' })])];

    expect(deviceVisibility(roles, PERIMETER)).toEqual({
      byDefault: false,
      devices: new Map([
        ['cam-gate', true],
        ['cam-fence', true],
      ]),
    });
    for (const deviceId of DEVICES) {
      const visibility = deviceVisibility(roles, PERIMETER);
      expect([deviceId, visibility.devices.get(deviceId) ?? visibility.byDefault]).toEqual([
        deviceId,
        deviceVisibleTo(roles, deviceRefOf(deviceId, PERIMETER)),
      ]);
    }
  });
});

describe('alarm visibility: per-definition rights (FEATURES 5.3.6)', () => {
  it('given no View on the definition, then its alarms are not shown, whatever the camera rights', () => {
    const roles = [aRole(everyCamera, [onDefinition('def-fire', { view: 'allow' })])];

    expect(alarmVisibleTo(roles, { alarmDefinitionId: 'def-fire', sourceDeviceId: 'cam-1' }, NO_GROUPS)).toBe(true);
    expect(alarmVisibleTo(roles, { alarmDefinitionId: 'def-intrusion', sourceDeviceId: 'cam-1' }, NO_GROUPS)).toBe(
      false,
    );
  });

  it('given View only, then the alarm is seen but cannot be handled; given Write, then both', () => {
    const viewOnly = [aRole(everyCamera, [onDefinition('def-fire', { view: 'allow' })])];
    const write = [aRole(everyCamera, [onDefinition('def-fire', { write: 'allow' })])];
    const alarm = { alarmDefinitionId: 'def-fire', sourceDeviceId: 'cam-1' };

    expect(alarmHandleableBy(viewOnly, alarm, NO_GROUPS)).toBe(false);
    expect(alarmVisibleTo(write, alarm, NO_GROUPS)).toBe(true);
    expect(alarmHandleableBy(write, alarm, NO_GROUPS)).toBe(true);
  });

  it('given Write but not the camera, then the alarm can neither be seen nor handled', () => {
    const roles = [aRole([onCamera('cam-2', { viewLive: 'allow' })], [onEveryDefinition({ write: 'allow' })])];

    expect(alarmHandleableBy(roles, { alarmDefinitionId: 'def-fire', sourceDeviceId: 'cam-1' }, NO_GROUPS)).toBe(false);
  });

  it('given a deny of View in another role, then the definition is hidden from an Operator', () => {
    const roles = [Operator, aRole([], [onDefinition('def-intrusion', { view: 'deny' })])];

    expect(alarmVisibleTo(roles, { alarmDefinitionId: 'def-intrusion' }, NO_GROUPS)).toBe(false);
    expect(alarmVisibleTo(roles, { alarmDefinitionId: 'def-fire' }, NO_GROUPS)).toBe(true);
  });
});

describe('alarm visibility, precomputed for queries and the feed', () => {
  const cases: Role[][] = [
    [Operator],
    [Owner, aRole([onAll({ viewLive: 'deny' })], [onEveryDefinition({ view: 'deny' })])],
    [aRole([onCamera('cam-1', { viewLive: 'allow' })])],
    [Operator, aRole([onCamera('cam-vault', { viewLive: 'deny', playback: 'deny' })])],
    [aRole([onGroup('group-perimeter', { playback: 'allow' }), onCamera('cam-gate', { viewLive: 'deny' })])],
    [aRole(everyCamera, [onEveryDefinition({ view: 'allow' }), onDefinition('def-fire', { view: 'deny' })])],
    [aRole(everyCamera, [onDefinition('def-intrusion', { write: 'allow' })])],
  ];

  it('decides every alarm exactly as from the roles', () => {
    for (const roles of cases) {
      const visibility = alarmVisibility(roles, PERIMETER);
      for (const alarm of ALARMS) {
        expect([alarm, alarmVisibleIn(visibility, alarm)]).toEqual([alarm, alarmVisibleTo(roles, alarm, PERIMETER)]);
      }
    }
  });

  it('gives two users the same key exactly when they see the same alarms', () => {
    const sees = (roles: Role[]) => ALARMS.map((alarm) => alarmVisibleTo(roles, alarm, PERIMETER)).join();
    const keyOf = (roles: Role[]) => alarmVisibilityKey(alarmVisibility(roles, PERIMETER));
    const variants: Role[][] = [
      ...cases,
      [Viewer],
      [Operator, aRole([onCamera('cam-1', { viewLive: 'allow' })])],
      [aRole(everyCamera, [onDefinition('def-intrusion', { view: 'allow' })])],
      [aRole([onCamera('cam-gate', { viewLive: 'allow' }), onCamera('cam-fence', { playback: 'allow' })])],
      [aRole([onGroup('group-perimeter', { viewLive: 'allow' })])],
    ];

    for (const a of variants) {
      for (const b of variants) {
        expect(keyOf(a) === keyOf(b)).toBe(sees(a) === sees(b));
      }
    }
  });
});
