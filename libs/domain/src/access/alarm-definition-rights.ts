import type { AlarmDefinitionPermission, GrantEffect } from './permissions';
import type { AlarmDefinitionScope, Role } from './role';
import { isOwnerRole } from './role';

/**
 * What each right includes (FEATURES 5.3.6): Write enables View (S2:13250), Full control enables every right on the
 * definition (S2:13246, "manage all security entries on this part of the system").
 */
const INCLUDES: Readonly<Record<AlarmDefinitionPermission, readonly AlarmDefinitionPermission[]>> = {
  view: ['view'],
  write: ['write', 'view'],
  fullControl: ['fullControl', 'write', 'view', 'manageSecurity'],
  manageSecurity: ['manageSecurity'],
};

/** Whether holding `granted` gives `permission` (Write gives View; Full control gives every right). */
export const alarmDefinitionPermissionIncludes = (
  granted: AlarmDefinitionPermission,
  permission: AlarmDefinitionPermission,
): boolean => INCLUDES[granted].includes(permission);

export const alarmDefinitionScopeMatches = (scope: AlarmDefinitionScope, alarmDefinitionId: string): boolean =>
  scope.kind === 'all' || scope.alarmDefinitionId === alarmDefinitionId;

/**
 * Whether `roles` grant `permission` on the alarm definition: an allow of it, or of a right that includes it, at 'all'
 * or on that definition, in any role; and no deny, in any role, of it or of a right it includes (a denied View also
 * takes Write away: handling an alarm one may not see makes no sense). Deny wins, as for cameras (FEATURES 9.1.3).
 * The Owner has everything.
 */
export const hasAlarmDefinitionPermission = (
  roles: readonly Role[],
  alarmDefinitionId: string,
  permission: AlarmDefinitionPermission,
): boolean => {
  if (roles.some(isOwnerRole)) {
    return true;
  }
  const effects = roles
    .flatMap((role) => role.alarmDefinitionGrants)
    .filter((grant) => alarmDefinitionScopeMatches(grant.scope, alarmDefinitionId))
    .flatMap((grant) => Object.entries(grant.permissions) as [AlarmDefinitionPermission, GrantEffect][]);
  const allowed = effects.some(
    ([granted, effect]) => effect === 'allow' && alarmDefinitionPermissionIncludes(granted, permission),
  );
  const denied = effects.some(
    ([granted, effect]) => effect === 'deny' && alarmDefinitionPermissionIncludes(permission, granted),
  );
  return allowed && !denied;
};
