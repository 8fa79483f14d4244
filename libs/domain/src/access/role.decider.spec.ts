import type { CreateRole, UpdateRole } from './role.decider';
import { roleDecider, roleDefinitionProblems } from './role.decider';
import type { RoleCreated, RoleEvent } from './role.events';
import { EVERY_ALARM_DEFINITION_VIEW_WRITE } from './role';
import { deciderSpec } from './testing/decider-spec';

const given = deciderSpec(roleDecider);
const NOW = Date.UTC(2025, 0, 15, 9, 0, 0);
const roleId = 'role-night-shift';

const definition = {
  roleId,
  name: 'Night shift',
  description: 'Handles alarms at night',
  grants: { 'alarms.view': 'allow', 'alarms.manage': 'allow', 'rules.manage': 'deny' },
  cameraGrants: [
    {
      scope: { kind: 'group', groupId: 'group-perimeter' },
      permissions: { viewLive: 'allow', ptz: 'allow' },
      ptzPriority: 2000,
    },
  ],
  alarmDefinitionGrants: [
    { scope: { kind: 'all' }, permissions: { view: 'allow' } },
    { scope: { kind: 'definition', alarmDefinitionId: 'def-intrusion' }, permissions: { write: 'allow' } },
  ],
  loginTimeProfileId: 'tp-night',
} as const;

const create: CreateRole = {
  type: 'CreateRole',
  data: { ...definition, name: '  Night shift ', byUserId: 'user-admin', now: NOW },
};
const created: RoleCreated = { type: 'RoleCreated', data: { ...definition, byUserId: 'user-admin', at: NOW } };
const update: UpdateRole = {
  type: 'UpdateRole',
  data: {
    ...definition,
    name: 'Night operators',
    grants: { 'alarms.view': 'allow' },
    byUserId: 'user-admin',
    now: NOW,
  },
};
const deleted: RoleEvent = { type: 'RoleDeleted', data: { roleId, byUserId: 'user-admin', at: NOW } };

describe('role decider', () => {
  describe('CreateRole', () => {
    it('creates a custom role with a trimmed name', () => given([]).when(create).then([created]));

    it('refuses an existing role', () => given([created]).when(create).thenThrows('ROLE_ALREADY_EXISTS'));

    it('refuses to reuse a deleted role id', () =>
      given([created, deleted]).when(create).thenThrows('ROLE_ALREADY_EXISTS'));

    it.each(['role-owner', 'role-administrator', 'role-operator', 'role-viewer'])('refuses the built-in id %s', (id) =>
      given([])
        .when({ ...create, data: { ...create.data, roleId: id } })
        .thenThrows('ROLE_BUILT_IN'),
    );

    it('refuses an invalid definition', () =>
      given([])
        .when({ ...create, data: { ...create.data, name: ' ' } })
        .thenThrows('ROLE_INVALID'));
  });

  describe('UpdateRole', () => {
    it('replaces the whole definition', () =>
      given([created])
        .when(update)
        .then([
          {
            type: 'RoleUpdated',
            data: {
              ...definition,
              name: 'Night operators',
              grants: { 'alarms.view': 'allow' },
              byUserId: 'user-admin',
              at: NOW,
            },
          },
        ]));

    it('refuses an unknown role', () => given([]).when(update).thenThrows('ROLE_NOT_FOUND'));

    it('refuses a deleted role', () => given([created, deleted]).when(update).thenThrows('ROLE_DELETED'));

    it.each(['role-owner', 'role-administrator', 'role-operator', 'role-viewer'])(
      'refuses to change or rename the built-in role %s',
      (id) =>
        given([])
          .when({ ...update, data: { ...update.data, roleId: id } })
          .thenThrows('ROLE_BUILT_IN'),
    );
  });

  describe('DeleteRole', () => {
    const del = (id: string) =>
      ({ type: 'DeleteRole', data: { roleId: id, byUserId: 'user-admin', now: NOW } }) as const;

    it('deletes a custom role', () => given([created]).when(del(roleId)).then([deleted]));

    it('refuses a deleted role', () => given([created, deleted]).when(del(roleId)).thenThrows('ROLE_DELETED'));

    it('refuses an unknown role', () => given([]).when(del(roleId)).thenThrows('ROLE_NOT_FOUND'));

    it.each(['role-owner', 'role-administrator', 'role-operator', 'role-viewer'])('never deletes %s', (id) =>
      given([]).when(del(id)).thenThrows('ROLE_BUILT_IN'),
    );
  });

  it('evolves into the Role used by the permission functions', () => {
    const state = [created].reduce(roleDecider.evolve, roleDecider.initialState());
    expect(state).toEqual({
      status: 'Active',
      role: {
        id: roleId,
        name: 'Night shift',
        description: 'Handles alarms at night',
        grants: definition.grants,
        cameraGrants: definition.cameraGrants,
        alarmDefinitionGrants: definition.alarmDefinitionGrants,
        loginTimeProfileId: 'tp-night',
      },
    });
  });

  it('given a role stored before per-definition rights, then it keeps View and Write on every definition', () => {
    const { alarmDefinitionGrants: _none, ...legacy } = created.data;

    const state = [{ ...created, data: legacy }].reduce(roleDecider.evolve, roleDecider.initialState());

    expect(state.status === 'Active' && state.role.alarmDefinitionGrants).toEqual(EVERY_ALARM_DEFINITION_VIEW_WRITE);
  });
});

describe('roleDefinitionProblems', () => {
  it('accepts a valid definition', () => expect(roleDefinitionProblems(definition)).toEqual([]));

  it('refuses a built-in name in any case', () =>
    expect(roleDefinitionProblems({ ...definition, name: 'administrator' })).toEqual([
      "name 'administrator' is reserved for a built-in role",
    ]));

  it('refuses a name over 100 characters', () =>
    expect(roleDefinitionProblems({ ...definition, name: 'x'.repeat(101) })).toHaveLength(1));

  it('refuses unknown permissions and effects (data from outside)', () => {
    const grants = JSON.parse('{"alarms.view":"maybe","alarms.delete":"allow"}') as typeof definition.grants;
    expect(roleDefinitionProblems({ ...definition, grants })).toHaveLength(2);
  });

  it.each([0, 32_001, 2.5])('refuses PTZ priority %p', (ptzPriority) =>
    expect(
      roleDefinitionProblems({
        ...definition,
        cameraGrants: [{ scope: { kind: 'all' }, permissions: { ptz: 'allow' }, ptzPriority }],
      }),
    ).toEqual(['cameraGrants[0]: ptzPriority must be a whole number from 1 to 32000']),
  );

  it('accepts PTZ priorities 1 and 32000', () =>
    expect(
      roleDefinitionProblems({
        ...definition,
        cameraGrants: [
          { scope: { kind: 'all' }, permissions: { ptz: 'allow' }, ptzPriority: 1 },
          { scope: { kind: 'camera', cameraId: 'cam-1' }, permissions: { ptz: 'allow' }, ptzPriority: 32_000 },
        ],
      }),
    ).toEqual([]));

  it('refuses an empty camera or group id', () =>
    expect(
      roleDefinitionProblems({
        ...definition,
        cameraGrants: [{ scope: { kind: 'camera', cameraId: '' }, permissions: { viewLive: 'allow' } }],
      }),
    ).toEqual(['cameraGrants[0]: empty scope id']));

  it('refuses unknown alarm definition rights and an empty definition id (data from outside)', () => {
    const permissions = JSON.parse('{"view":"maybe","delete":"allow"}') as { view: 'allow' };
    expect(
      roleDefinitionProblems({
        ...definition,
        alarmDefinitionGrants: [
          { scope: { kind: 'all' }, permissions },
          { scope: { kind: 'definition', alarmDefinitionId: '' }, permissions: { view: 'allow' } },
        ],
      }),
    ).toEqual([
      "alarmDefinitionGrants[0]: unknown alarm definition permission or effect 'view'",
      "alarmDefinitionGrants[0]: unknown alarm definition permission or effect 'delete'",
      'alarmDefinitionGrants[1]: empty alarm definition id',
    ]);
  });
});
