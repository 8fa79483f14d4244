import type { Role } from './role';
import { BUILT_IN_ROLES } from './role';
import { canAssignRoles, roleAssignmentRefusals } from './role-assignment.policy';

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

const userManager = aRole({ id: 'role-user-manager', grants: { 'users.view': 'allow', 'users.manage': 'allow' } });

describe('canAssignRoles (privilege-escalation guard)', () => {
  it('lets the Owner assign any role, the Owner role included', () =>
    expect(canAssignRoles([Owner], [Owner, Administrator, Operator, Viewer])).toBe(true));

  it('lets only the Owner assign the Owner role', () => {
    expect(canAssignRoles([Administrator], [Owner])).toBe(false);
    expect(roleAssignmentRefusals([Administrator], [Owner])).toEqual([
      { roleId: 'role-owner', reason: 'OWNER_ROLE_REQUIRES_OWNER' },
    ]);
  });

  it('lets an Administrator assign the other built-in roles', () =>
    expect(canAssignRoles([Administrator], [Administrator, Operator, Viewer])).toBe(true));

  it('refuses a role that grants a permission the actor lacks', () =>
    expect(roleAssignmentRefusals([userManager, Viewer], [Operator])).toEqual([
      { roleId: 'role-operator', reason: 'EXCEEDS_ACTOR_PERMISSIONS', detail: 'alarms.manage' },
    ]));

  it('refuses a permission the actor holds but is denied by another of its roles', () => {
    const noAlarms = aRole({ id: 'role-no-alarms', grants: { 'alarms.view': 'deny' } });
    expect(canAssignRoles([Administrator, noAlarms], [Viewer])).toBe(false);
  });

  it('allows a role whose grants are a subset', () => expect(canAssignRoles([Operator], [Viewer])).toBe(true));

  it('ignores denies in the assigned role: they only take away', () =>
    expect(canAssignRoles([Viewer], [aRole({ grants: { 'users.manage': 'deny' } })])).toBe(true));

  it('refuses camera permissions the actor lacks', () =>
    expect(roleAssignmentRefusals([Viewer], [Operator])).toContainEqual(
      expect.objectContaining({ reason: 'EXCEEDS_ACTOR_PERMISSIONS' }),
    ));

  it('accepts a camera grant on one camera when the actor has it on all cameras', () => {
    const lobbyOnly = aRole({
      cameraGrants: [{ scope: { kind: 'camera', cameraId: 'cam-lobby' }, permissions: { viewLive: 'allow' } }],
    });
    expect(canAssignRoles([Viewer], [lobbyOnly])).toBe(true);
  });

  it('refuses a grant on all cameras when the actor has it on one camera only', () => {
    const lobbyViewer = aRole({
      grants: { 'alarms.view': 'allow' },
      cameraGrants: [{ scope: { kind: 'camera', cameraId: 'cam-lobby' }, permissions: { viewLive: 'allow' } }],
    });
    expect(roleAssignmentRefusals([lobbyViewer], [Viewer])).toEqual([
      { roleId: 'role-viewer', reason: 'EXCEEDS_ACTOR_PERMISSIONS', detail: 'camera:all:viewLive' },
    ]);
  });

  it('refuses a higher PTZ priority than the actor has', () => {
    const ptzBoss = aRole({
      cameraGrants: [{ scope: { kind: 'all' }, permissions: { ptz: 'allow' }, ptzPriority: 9000 }],
    });
    expect(roleAssignmentRefusals([Operator], [ptzBoss])).toEqual([
      { roleId: 'role-custom', reason: 'EXCEEDS_ACTOR_PERMISSIONS', detail: 'camera:all:ptzPriority' },
    ]);
  });

  it('refuses alarm definition rights the actor lacks, and accepts those it has (Write covers View)', () => {
    const writer = aRole({
      alarmDefinitionGrants: [
        { scope: { kind: 'definition', alarmDefinitionId: 'def-fire' }, permissions: { write: 'allow' } },
      ],
    });
    const fireViewer = aRole({
      alarmDefinitionGrants: [
        { scope: { kind: 'definition', alarmDefinitionId: 'def-fire' }, permissions: { view: 'allow' } },
      ],
    });

    expect(canAssignRoles([Viewer], [fireViewer])).toBe(true);
    expect(canAssignRoles([writer], [fireViewer])).toBe(true);
    expect(roleAssignmentRefusals([Viewer], [writer])).toEqual([
      {
        roleId: 'role-custom',
        reason: 'EXCEEDS_ACTOR_PERMISSIONS',
        detail: 'alarmDefinition:definition=def-fire:write',
      },
    ]);
    const everyDefinitionViewer = aRole({
      alarmDefinitionGrants: [{ scope: { kind: 'all' }, permissions: { view: 'allow' } }],
    });
    expect(roleAssignmentRefusals([writer], [everyDefinitionViewer])).toEqual([
      { roleId: 'role-custom', reason: 'EXCEEDS_ACTOR_PERMISSIONS', detail: 'alarmDefinition:all:view' },
    ]);
  });

  it('allows assigning nothing', () => expect(canAssignRoles([Viewer], [])).toBe(true));
});
