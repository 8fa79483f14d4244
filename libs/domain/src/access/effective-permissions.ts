import type { CameraPermission, GrantEffect, Permission } from './permissions';
import { PERMISSIONS } from './permissions';
import type { CameraGrant, CameraScope, Role } from './role';
import { DEFAULT_PTZ_PRIORITY, PTZ_PRIORITY_MAX, isOwnerRole } from './role';

/** What a camera-permission check needs to know about the camera. */
export type CameraRef = Readonly<{ cameraId: string; groupIds: readonly string[] }>;

/** Allowed when at least one effect is 'allow' and none is 'deny' (FEATURES 9.1.3: Deny overrules Allow). */
const resolve = (effects: readonly (GrantEffect | undefined)[]): boolean =>
  effects.includes('allow') && !effects.includes('deny');

/**
 * Whether the union of `roles` grants `permission`: any role allows it and no role denies it.
 * The Owner role has every permission, and no other role can deny it anything.
 */
export const hasPermission = (roles: readonly Role[], permission: Permission): boolean =>
  roles.some(isOwnerRole) || resolve(roles.map((role) => role.grants[permission]));

/** Every permission `hasPermission` allows, in catalogue order (for a UI or token claims). */
export const effectivePermissions = (roles: readonly Role[]): Permission[] =>
  PERMISSIONS.filter((permission) => hasPermission(roles, permission));

export const scopeMatches = (scope: CameraScope, camera: CameraRef): boolean => {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'camera':
      return scope.cameraId === camera.cameraId;
    case 'group':
      return camera.groupIds.includes(scope.groupId);
  }
};

const matchingGrants = (roles: readonly Role[], camera: CameraRef): CameraGrant[] =>
  roles.flatMap((role) => role.cameraGrants.filter((grant) => scopeMatches(grant.scope, camera)));

/**
 * Whether `roles` grant `permission` on `camera`: a grant matches through 'all', the camera's id or one of its groups;
 * any matching 'allow' grants, any matching 'deny' (in any role, at any scope) overrules. The Owner has everything.
 */
export const hasCameraPermission = (roles: readonly Role[], camera: CameraRef, permission: CameraPermission): boolean =>
  roles.some(isOwnerRole) || resolve(matchingGrants(roles, camera).map((grant) => grant.permissions[permission]));

/** The highest PTZ priority among the allowing grants that match `camera`; undefined when PTZ is not allowed. */
export const ptzPriority = (roles: readonly Role[], camera: CameraRef): number | undefined => {
  if (roles.some(isOwnerRole)) {
    return PTZ_PRIORITY_MAX;
  }
  if (!hasCameraPermission(roles, camera, 'ptz')) {
    return undefined;
  }
  const priorities = matchingGrants(roles, camera)
    .filter((grant) => grant.permissions.ptz === 'allow')
    .map((grant) => grant.ptzPriority ?? DEFAULT_PTZ_PRIORITY);
  return Math.max(...priorities);
};
