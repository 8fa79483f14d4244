import { effectivePermissions, hasCameraPermission, hasPermission, ptzPriority } from './effective-permissions';
import { CAMERA_PERMISSIONS, PERMISSIONS } from './permissions';
import type { CameraGrant, Role } from './role';
import { BUILT_IN_ROLES, DEFAULT_PTZ_PRIORITY, PTZ_PRIORITY_MAX } from './role';

const { Owner, Administrator, Operator, Viewer } = BUILT_IN_ROLES;

const aRole = (overrides: Partial<Role> = {}): Role => ({
  id: 'role-custom',
  name: 'Custom',
  description: '',
  grants: {},
  cameraGrants: [],
  alarmDefinitionGrants: [],
  ...overrides,
});

const cameraGrant = (scope: CameraGrant['scope'], permissions: CameraGrant['permissions'], ptz?: number): Role =>
  aRole({ cameraGrants: [{ scope, permissions, ...(ptz === undefined ? {} : { ptzPriority: ptz }) }] });

const lobby = { cameraId: 'cam-lobby', groupIds: ['group-ground-floor'] };
const vault = { cameraId: 'cam-vault', groupIds: ['group-basement'] };

describe('hasPermission', () => {
  it('is false without roles', () => expect(hasPermission([], 'alarms.view')).toBe(false));

  it('is the union of the allows of all roles', () => {
    const roles = [aRole({ grants: { 'rules.view': 'allow' } }), aRole({ grants: { 'alarms.view': 'allow' } })];
    expect(hasPermission(roles, 'rules.view')).toBe(true);
    expect(hasPermission(roles, 'alarms.view')).toBe(true);
    expect(hasPermission(roles, 'rules.manage')).toBe(false);
  });

  it('lets a deny in any role overrule an allow in another (FEATURES 9.1.3)', () => {
    const roles = [Operator, aRole({ grants: { 'alarms.manage': 'deny' } })];
    expect(hasPermission(roles, 'alarms.manage')).toBe(false);
    expect(hasPermission(roles, 'alarms.view')).toBe(true);
  });

  it('never denies the Owner anything', () => {
    const denyAll = aRole({ grants: Object.fromEntries(PERMISSIONS.map((p) => [p, 'deny'])) });
    expect(PERMISSIONS.every((p) => hasPermission([Owner, denyAll], p))).toBe(true);
  });

  it('lets a deny overrule the Administrator role', () =>
    expect(hasPermission([Administrator, aRole({ grants: { 'users.manage': 'deny' } })], 'users.manage')).toBe(false));
});

describe('effectivePermissions', () => {
  it('gives the Owner and the Administrator the whole catalogue', () => {
    expect(effectivePermissions([Owner])).toEqual([...PERMISSIONS]);
    expect(effectivePermissions([Administrator])).toEqual([...PERMISSIONS]);
  });

  it('gives the Operator alarm handling, event triggering and the rule-triggered log', () =>
    expect(effectivePermissions([Operator])).toEqual([
      'alarms.view',
      'alarms.manage',
      'genericEvents.trigger',
      'userDefinedEvents.trigger',
      'logs.readRuleTriggered',
    ]));

  it('gives the Viewer alarms.view only', () => expect(effectivePermissions([Viewer])).toEqual(['alarms.view']));

  it('drops denied permissions', () =>
    expect(effectivePermissions([Operator, aRole({ grants: { 'alarms.manage': 'deny' } })])).not.toContain(
      'alarms.manage',
    ));
});

describe('hasCameraPermission', () => {
  it('matches a grant for all cameras', () => expect(hasCameraPermission([Viewer], lobby, 'viewLive')).toBe(true));

  it('does not give what no grant allows', () => {
    expect(hasCameraPermission([Viewer], lobby, 'ptz')).toBe(false);
    expect(hasCameraPermission([Operator], lobby, 'evidenceLock')).toBe(false);
  });

  it('matches a grant on the camera itself only for that camera', () => {
    const roles = [cameraGrant({ kind: 'camera', cameraId: 'cam-lobby' }, { playback: 'allow' })];
    expect(hasCameraPermission(roles, lobby, 'playback')).toBe(true);
    expect(hasCameraPermission(roles, vault, 'playback')).toBe(false);
  });

  it('matches a grant on a group the camera belongs to', () => {
    const roles = [cameraGrant({ kind: 'group', groupId: 'group-basement' }, { export: 'allow' })];
    expect(hasCameraPermission(roles, vault, 'export')).toBe(true);
    expect(hasCameraPermission(roles, lobby, 'export')).toBe(false);
  });

  it('lets a matching deny win over an allow for all cameras', () => {
    const roles = [Operator, cameraGrant({ kind: 'group', groupId: 'group-basement' }, { viewLive: 'deny' })];
    expect(hasCameraPermission(roles, vault, 'viewLive')).toBe(false);
    expect(hasCameraPermission(roles, lobby, 'viewLive')).toBe(true);
  });

  it('never denies the Owner', () => {
    const denyAll = cameraGrant({ kind: 'all' }, Object.fromEntries(CAMERA_PERMISSIONS.map((p) => [p, 'deny'])));
    expect(CAMERA_PERMISSIONS.every((p) => hasCameraPermission([Owner, denyAll], vault, p))).toBe(true);
  });
});

describe('ptzPriority', () => {
  it('is undefined when PTZ is not allowed', () => expect(ptzPriority([Viewer], lobby)).toBeUndefined());

  it("is the Operator's priority", () => expect(ptzPriority([Operator], lobby)).toBe(DEFAULT_PTZ_PRIORITY));

  it('is the highest among matching allowing grants', () => {
    const roles = [
      Operator,
      cameraGrant({ kind: 'camera', cameraId: 'cam-vault' }, { ptz: 'allow' }, 5000),
      cameraGrant({ kind: 'camera', cameraId: 'cam-lobby' }, { ptz: 'allow' }, 9000),
    ];
    expect(ptzPriority(roles, vault)).toBe(5000);
  });

  it('defaults a grant without a priority to 3000', () =>
    expect(ptzPriority([cameraGrant({ kind: 'all' }, { ptz: 'allow' })], vault)).toBe(3000));

  it('is undefined when a matching grant denies PTZ', () =>
    expect(
      ptzPriority([Operator, cameraGrant({ kind: 'camera', cameraId: 'cam-vault' }, { ptz: 'deny' })], vault),
    ).toBe(undefined));

  it('is the maximum for the Owner', () => expect(ptzPriority([Owner], vault)).toBe(PTZ_PRIORITY_MAX));
});
