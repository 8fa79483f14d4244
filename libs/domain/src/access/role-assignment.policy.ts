import { alarmDefinitionPermissionIncludes } from './alarm-definition-rights';
import { hasPermission } from './effective-permissions';
import type { AlarmDefinitionPermission, CameraPermission } from './permissions';
import { ALARM_DEFINITION_PERMISSIONS, CAMERA_PERMISSIONS, PERMISSIONS } from './permissions';
import type { AlarmDefinitionScope, CameraScope, Role } from './role';
import { DEFAULT_PTZ_PRIORITY, isOwnerRole } from './role';

export type RoleAssignmentRefusal = Readonly<{
  roleId: string;
  reason: 'OWNER_ROLE_REQUIRES_OWNER' | 'EXCEEDS_ACTOR_PERMISSIONS';
  /** What the actor lacks, for example 'alarms.manage', 'camera:all:ptz' or 'camera:all:ptzPriority'. */
  detail?: string;
}>;

const sameScope = (a: CameraScope, b: CameraScope): boolean => {
  switch (a.kind) {
    case 'all':
      return b.kind === 'all';
    case 'camera':
      return b.kind === 'camera' && b.cameraId === a.cameraId;
    case 'group':
      return b.kind === 'group' && b.groupId === a.groupId;
  }
};

const scopeLabel = (scope: CameraScope): string => {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'camera':
      return `camera=${scope.cameraId}`;
    case 'group':
      return `group=${scope.groupId}`;
  }
};

/**
 * Conservative: the actor covers a camera permission at a scope when one of its grants allows it at 'all' or at the
 * very same scope, and none of its grants denies it anywhere (group membership is not known here). This may refuse
 * an assignment that would in fact be harmless, never one that escalates.
 */
const actorCovers = (actorRoles: readonly Role[], scope: CameraScope, permission: CameraPermission): boolean => {
  const grants = actorRoles.flatMap((role) => role.cameraGrants);
  const denied = grants.some((grant) => grant.permissions[permission] === 'deny');
  const allowed = grants.some(
    (grant) =>
      grant.permissions[permission] === 'allow' && (grant.scope.kind === 'all' || sameScope(grant.scope, scope)),
  );
  return allowed && !denied;
};

export const alarmDefinitionScopeLabel = (scope: AlarmDefinitionScope): string =>
  scope.kind === 'all' ? 'all' : `definition=${scope.alarmDefinitionId}`;

/**
 * As actorCovers, for alarm-definition rights: allowed at 'all' or on the very same definition (a right that includes
 * it counts: Write covers View), and denied nowhere.
 */
export const actorCoversAlarmDefinition = (
  actorRoles: readonly Role[],
  scope: AlarmDefinitionScope,
  permission: AlarmDefinitionPermission,
): boolean => {
  const grants = actorRoles.flatMap((role) => role.alarmDefinitionGrants);
  const allowed = grants.some(
    (grant) =>
      (grant.scope.kind === 'all' ||
        (scope.kind === 'definition' && grant.scope.alarmDefinitionId === scope.alarmDefinitionId)) &&
      ALARM_DEFINITION_PERMISSIONS.some(
        (granted) => grant.permissions[granted] === 'allow' && alarmDefinitionPermissionIncludes(granted, permission),
      ),
  );
  const denied = grants.some((grant) =>
    ALARM_DEFINITION_PERMISSIONS.some(
      (granted) => grant.permissions[granted] === 'deny' && alarmDefinitionPermissionIncludes(permission, granted),
    ),
  );
  return allowed && !denied;
};

const actorMaxPtzPriority = (actorRoles: readonly Role[]): number =>
  Math.max(
    0,
    ...actorRoles
      .flatMap((role) => role.cameraGrants)
      .filter((grant) => grant.permissions.ptz === 'allow')
      .map((grant) => grant.ptzPriority ?? DEFAULT_PTZ_PRIORITY),
  );

const refusalFor = (actorRoles: readonly Role[], role: Role): RoleAssignmentRefusal | undefined => {
  if (isOwnerRole(role)) {
    return { roleId: role.id, reason: 'OWNER_ROLE_REQUIRES_OWNER' };
  }
  const missing = PERMISSIONS.find((p) => role.grants[p] === 'allow' && !hasPermission(actorRoles, p));
  if (missing !== undefined) {
    return { roleId: role.id, reason: 'EXCEEDS_ACTOR_PERMISSIONS', detail: missing };
  }
  for (const grant of role.cameraGrants) {
    const lacking = CAMERA_PERMISSIONS.find(
      (p) => grant.permissions[p] === 'allow' && !actorCovers(actorRoles, grant.scope, p),
    );
    if (lacking !== undefined) {
      return {
        roleId: role.id,
        reason: 'EXCEEDS_ACTOR_PERMISSIONS',
        detail: `camera:${scopeLabel(grant.scope)}:${lacking}`,
      };
    }
    const priority = grant.ptzPriority ?? DEFAULT_PTZ_PRIORITY;
    if (grant.permissions.ptz === 'allow' && priority > actorMaxPtzPriority(actorRoles)) {
      return {
        roleId: role.id,
        reason: 'EXCEEDS_ACTOR_PERMISSIONS',
        detail: `camera:${scopeLabel(grant.scope)}:ptzPriority`,
      };
    }
  }
  for (const grant of role.alarmDefinitionGrants) {
    const lacking = ALARM_DEFINITION_PERMISSIONS.find(
      (p) => grant.permissions[p] === 'allow' && !actorCoversAlarmDefinition(actorRoles, grant.scope, p),
    );
    if (lacking !== undefined) {
      return {
        roleId: role.id,
        reason: 'EXCEEDS_ACTOR_PERMISSIONS',
        detail: `alarmDefinition:${alarmDefinitionScopeLabel(grant.scope)}:${lacking}`,
      };
    }
  }
  return undefined;
};

/**
 * Privilege-escalation guard for assigning roles to a user (and for creating or editing a role, which is the same
 * risk): every role must grant only what the actor itself has, and only the Owner may assign the Owner role.
 * Ownership itself moves only through OwnershipTransferred; ChangeUserRoles refuses the Owner role anyway.
 * Returns the refusals, empty when the assignment is allowed.
 */
export const roleAssignmentRefusals = (
  actorRoles: readonly Role[],
  rolesToAssign: readonly Role[],
): RoleAssignmentRefusal[] => {
  if (actorRoles.some(isOwnerRole)) {
    return [];
  }
  return rolesToAssign.flatMap((role) => refusalFor(actorRoles, role) ?? []);
};

/** `rolesToAssign` are the resolved roles (built-in constants or the read model's custom roles), not ids. */
export const canAssignRoles = (actorRoles: readonly Role[], rolesToAssign: readonly Role[]): boolean =>
  roleAssignmentRefusals(actorRoles, rolesToAssign).length === 0;
