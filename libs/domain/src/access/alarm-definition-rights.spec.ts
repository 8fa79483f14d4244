import { hasAlarmDefinitionPermission } from './alarm-definition-rights';
import type { AlarmDefinitionGrant, Role } from './role';
import { BUILT_IN_ROLES } from './role';

const { Owner, Administrator, Operator, Viewer } = BUILT_IN_ROLES;

const aRole = (...alarmDefinitionGrants: AlarmDefinitionGrant[]): Role => ({
  id: 'role-custom',
  name: 'Custom',
  description: '',
  grants: { 'alarms.view': 'allow' },
  cameraGrants: [],
  alarmDefinitionGrants,
});
const onDefinition = (alarmDefinitionId: string, permissions: AlarmDefinitionGrant['permissions']) => ({
  scope: { kind: 'definition', alarmDefinitionId } as const,
  permissions,
});
const onAll = (permissions: AlarmDefinitionGrant['permissions']) => ({ scope: { kind: 'all' } as const, permissions });

describe('alarm definition rights (FEATURES 5.3.6)', () => {
  it('given the built-in roles, then Viewer only views, Operator also writes, Administrator has every right', () => {
    expect(hasAlarmDefinitionPermission([Viewer], 'def-1', 'view')).toBe(true);
    expect(hasAlarmDefinitionPermission([Viewer], 'def-1', 'write')).toBe(false);
    expect(hasAlarmDefinitionPermission([Operator], 'def-1', 'write')).toBe(true);
    expect(hasAlarmDefinitionPermission([Operator], 'def-1', 'manageSecurity')).toBe(false);
    expect(hasAlarmDefinitionPermission([Administrator], 'def-1', 'fullControl')).toBe(true);
  });

  it('given a grant on one definition, then it counts for that definition only', () => {
    const roles = [aRole(onDefinition('def-intrusion', { view: 'allow' }))];

    expect(hasAlarmDefinitionPermission(roles, 'def-intrusion', 'view')).toBe(true);
    expect(hasAlarmDefinitionPermission(roles, 'def-fire', 'view')).toBe(false);
  });

  it('given Write, then View is enabled; given View, then Write is not', () => {
    expect(hasAlarmDefinitionPermission([aRole(onAll({ write: 'allow' }))], 'def-1', 'view')).toBe(true);
    expect(hasAlarmDefinitionPermission([aRole(onAll({ view: 'allow' }))], 'def-1', 'write')).toBe(false);
  });

  it('given Full control, then every right on the definition is enabled', () => {
    const roles = [aRole(onDefinition('def-1', { fullControl: 'allow' }))];

    for (const permission of ['view', 'write', 'fullControl', 'manageSecurity'] as const) {
      expect([permission, hasAlarmDefinitionPermission(roles, 'def-1', permission)]).toEqual([permission, true]);
    }
  });

  it('given a deny in any role, at any scope, then it wins over allows in the others', () => {
    const deniedIntrusion = aRole(onDefinition('def-intrusion', { view: 'deny' }));

    expect(hasAlarmDefinitionPermission([Operator, deniedIntrusion], 'def-intrusion', 'view')).toBe(false);
    expect(hasAlarmDefinitionPermission([Operator, deniedIntrusion], 'def-fire', 'view')).toBe(true);
    expect(
      hasAlarmDefinitionPermission([aRole(onDefinition('d', { view: 'allow' }), onAll({ view: 'deny' }))], 'd', 'view'),
    ).toBe(false);
  });

  it('given View denied, then Write is gone too; given Write denied, then View stays', () => {
    expect(hasAlarmDefinitionPermission([Operator, aRole(onAll({ view: 'deny' }))], 'def-1', 'write')).toBe(false);
    const writeDenied = [Operator, aRole(onAll({ write: 'deny' }))];
    expect(hasAlarmDefinitionPermission(writeDenied, 'def-1', 'write')).toBe(false);
    expect(hasAlarmDefinitionPermission(writeDenied, 'def-1', 'view')).toBe(true);
  });

  it('given no grant at all, then nothing is allowed; given the Owner, then nothing can be denied', () => {
    expect(hasAlarmDefinitionPermission([aRole()], 'def-1', 'view')).toBe(false);
    expect(hasAlarmDefinitionPermission([Owner, aRole(onAll({ view: 'deny' }))], 'def-1', 'write')).toBe(true);
  });
});
