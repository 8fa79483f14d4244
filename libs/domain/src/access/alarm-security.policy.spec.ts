import { alarmSecurityRefusals } from './alarm-security.policy';
import type { AlarmDefinitionGrant, Role } from './role';
import { BUILT_IN_ROLES, EVERY_ALARM_DEFINITION_VIEW_WRITE } from './role';

const { Owner, Administrator, Operator } = BUILT_IN_ROLES;

const aRole = (...alarmDefinitionGrants: AlarmDefinitionGrant[]): Role => ({
  id: 'role-security',
  name: 'Security',
  description: '',
  grants: { 'roles.manage': 'allow' },
  cameraGrants: [],
  alarmDefinitionGrants,
});
const on = (alarmDefinitionId: string, permissions: AlarmDefinitionGrant['permissions']): AlarmDefinitionGrant => ({
  scope: { kind: 'definition', alarmDefinitionId },
  permissions,
});
const fireView = on('def-fire', { view: 'allow' });

describe('alarm security (Manage security on alarm definitions, FEATURES 5.3.6)', () => {
  it('given an actor without Manage security, when a role keeps its grants or the default, then nothing is refused', () => {
    expect(alarmSecurityRefusals([Operator], [fireView], [fireView])).toEqual([]);
    expect(alarmSecurityRefusals([Operator], undefined, EVERY_ALARM_DEFINITION_VIEW_WRITE)).toEqual([]);
  });

  it('given an actor without Manage security, when grants on a definition are added, changed or removed, then it is refused', () => {
    expect(alarmSecurityRefusals([Operator], [], [fireView])).toEqual(['definition=def-fire']);
    expect(alarmSecurityRefusals([Operator], [fireView], [on('def-fire', { write: 'allow' })])).toEqual([
      'definition=def-fire',
    ]);
    expect(alarmSecurityRefusals([Operator], [fireView], [])).toEqual(['definition=def-fire']);
    expect(alarmSecurityRefusals([Operator], undefined, [fireView])).toEqual(['all', 'definition=def-fire']);
  });

  it('given Manage security (or Full control) on one definition, then its grants may change, and no others', () => {
    const fireSecurity = [aRole(on('def-fire', { manageSecurity: 'allow' }))];
    const fireFullControl = [aRole(on('def-fire', { fullControl: 'allow' }))];
    const intrusionView = on('def-intrusion', { view: 'allow' });

    expect(alarmSecurityRefusals(fireSecurity, [], [fireView])).toEqual([]);
    expect(alarmSecurityRefusals(fireFullControl, [], [fireView])).toEqual([]);
    expect(alarmSecurityRefusals(fireSecurity, [], [fireView, intrusionView])).toEqual(['definition=def-intrusion']);
  });

  it('given a deny of Manage security in any role, then it wins; given the Owner or an Administrator, then anything goes', () => {
    const denied = aRole(on('def-other', { manageSecurity: 'deny' }));

    expect(alarmSecurityRefusals([Administrator, denied], [], [fireView])).toEqual(['definition=def-fire']);
    expect(alarmSecurityRefusals([Administrator], [], [fireView])).toEqual([]);
    expect(alarmSecurityRefusals([Owner, denied], [], [fireView])).toEqual([]);
  });
});
