import { assertNever } from '../shared';
import type { AccessCommand, AccessDecider, EpochMs } from './access.types';
import { AccessError } from './access.errors';
import { isAlarmDefinitionPermission, isCameraPermission, isGrantEffect, isPermission } from './permissions';
import type { AlarmDefinitionGrant, CameraGrant, Role } from './role';
import { BUILT_IN_ROLE_NAMES, PTZ_PRIORITY_MAX, PTZ_PRIORITY_MIN, isBuiltInRoleId } from './role';
import { roleFromDefinition, type RoleDefinition, type RoleEvent } from './role.events';

/**
 * Custom roles, stream `role-<roleId>`. Built-in roles are code constants (BUILT_IN_ROLES) and refuse every command.
 * Checked by the caller, because they need read models: unique role names (case-insensitive), that a deleted role is
 * no longer assigned (or removing it from users), and the privilege-escalation guard canAssignRoles(actor, [role]).
 */

export const ROLE_NAME_MAX_LENGTH = 100;

export type CreateRole = AccessCommand<'CreateRole', RoleDefinition & { byUserId: string; now: EpochMs }>;
export type UpdateRole = AccessCommand<'UpdateRole', RoleDefinition & { byUserId: string; now: EpochMs }>;
export type DeleteRole = AccessCommand<'DeleteRole', { roleId: string; byUserId: string; now: EpochMs }>;
export type RoleCommand = CreateRole | UpdateRole | DeleteRole;

export type RoleState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Active'; role: Role }>
  | Readonly<{ status: 'Deleted'; roleId: string }>;

export const initialRoleState = (): RoleState => ({ status: 'None' });

const cameraGrantProblems = (grant: CameraGrant, index: number): string[] => {
  const problems: string[] = [];
  const { scope } = grant;
  if ((scope.kind === 'camera' && scope.cameraId === '') || (scope.kind === 'group' && scope.groupId === '')) {
    problems.push(`cameraGrants[${index}]: empty scope id`);
  }
  for (const [key, effect] of Object.entries(grant.permissions)) {
    if (!isCameraPermission(key) || !isGrantEffect(effect)) {
      problems.push(`cameraGrants[${index}]: unknown camera permission or effect '${key}'`);
    }
  }
  const priority = grant.ptzPriority;
  if (
    priority !== undefined &&
    (!Number.isSafeInteger(priority) || priority < PTZ_PRIORITY_MIN || priority > PTZ_PRIORITY_MAX)
  ) {
    problems.push(`cameraGrants[${index}]: ptzPriority must be a whole number from 1 to 32000`);
  }
  return problems;
};

/** The read model checks that a named definition exists (it needs the alarm definitions); here, the shape. */
const alarmDefinitionGrantProblems = (grant: AlarmDefinitionGrant, index: number): string[] => {
  const problems: string[] = [];
  if (grant.scope.kind === 'definition' && grant.scope.alarmDefinitionId === '') {
    problems.push(`alarmDefinitionGrants[${index}]: empty alarm definition id`);
  }
  for (const [key, effect] of Object.entries(grant.permissions)) {
    if (!isAlarmDefinitionPermission(key) || !isGrantEffect(effect)) {
      problems.push(`alarmDefinitionGrants[${index}]: unknown alarm definition permission or effect '${key}'`);
    }
  }
  return problems;
};

/** Why a role definition is invalid; empty when it is valid. */
export const roleDefinitionProblems = (definition: RoleDefinition): string[] => {
  const problems: string[] = [];
  const name = definition.name.trim();
  if (definition.roleId.trim() === '') {
    problems.push('roleId is required');
  }
  if (name === '' || name.length > ROLE_NAME_MAX_LENGTH) {
    problems.push(`name must have 1 to ${ROLE_NAME_MAX_LENGTH} characters`);
  }
  if (BUILT_IN_ROLE_NAMES.some((builtIn) => builtIn.toLowerCase() === name.toLowerCase())) {
    problems.push(`name '${name}' is reserved for a built-in role`);
  }
  for (const [key, effect] of Object.entries(definition.grants)) {
    if (!isPermission(key) || !isGrantEffect(effect)) {
      problems.push(`grants: unknown permission or effect '${key}'`);
    }
  }
  problems.push(...definition.cameraGrants.flatMap(cameraGrantProblems));
  problems.push(...(definition.alarmDefinitionGrants ?? []).flatMap(alarmDefinitionGrantProblems));
  return problems;
};

const toEventData = (command: CreateRole | UpdateRole) => {
  const problems = roleDefinitionProblems(command.data);
  if (problems.length > 0) {
    throw new AccessError('ROLE_INVALID', problems.join('; '), { problems });
  }
  const { roleId, name, description, grants, cameraGrants, alarmDefinitionGrants, loginTimeProfileId, byUserId, now } =
    command.data;
  return {
    roleId,
    name: name.trim(),
    description,
    grants,
    cameraGrants,
    ...(alarmDefinitionGrants === undefined ? {} : { alarmDefinitionGrants }),
    ...(loginTimeProfileId === undefined ? {} : { loginTimeProfileId }),
    byUserId,
    at: now,
  };
};

const requireActiveRole = (state: RoleState, roleId: string): Role => {
  switch (state.status) {
    case 'None':
      throw new AccessError('ROLE_NOT_FOUND', `role ${roleId} does not exist`);
    case 'Deleted':
      throw new AccessError('ROLE_DELETED', `role ${roleId} is deleted`);
    case 'Active':
      return state.role;
  }
};

export const decideRole = (command: RoleCommand, state: RoleState): RoleEvent[] => {
  if (isBuiltInRoleId(command.data.roleId)) {
    throw new AccessError(
      'ROLE_BUILT_IN',
      `built-in role ${command.data.roleId} cannot be created, changed or deleted`,
    );
  }
  switch (command.type) {
    case 'CreateRole':
      if (state.status !== 'None') {
        throw new AccessError('ROLE_ALREADY_EXISTS', `role ${command.data.roleId} already exists`);
      }
      return [{ type: 'RoleCreated', data: toEventData(command) }];
    case 'UpdateRole':
      requireActiveRole(state, command.data.roleId);
      return [{ type: 'RoleUpdated', data: toEventData(command) }];
    case 'DeleteRole': {
      requireActiveRole(state, command.data.roleId);
      const { roleId, byUserId, now } = command.data;
      return [{ type: 'RoleDeleted', data: { roleId, byUserId, at: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveRole = (state: RoleState, event: RoleEvent): RoleState => {
  switch (event.type) {
    case 'RoleCreated':
      return state.status === 'None' ? { status: 'Active', role: roleFromDefinition(event.data) } : state;
    case 'RoleUpdated':
      return state.status === 'Active' ? { status: 'Active', role: roleFromDefinition(event.data) } : state;
    case 'RoleDeleted':
      return { status: 'Deleted', roleId: event.data.roleId };
    default:
      return assertNever(event);
  }
};

export const roleDecider = {
  decide: decideRole,
  evolve: evolveRole,
  initialState: initialRoleState,
} satisfies AccessDecider<RoleState, RoleCommand, RoleEvent>;
