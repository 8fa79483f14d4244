import type { CameraPermission } from '../access/permissions';
import { hasCameraPermission } from '../access/effective-permissions';
import { isOwnerRole, type Role } from '../access/role';

/**
 * Who may see an alarm (FEATURES 5.3.2, S2:2512-2521): "If the device causing the alarm is not set to be visible to
 * the user's role, the user cannot see the alarm". A device is visible to roles that may watch it, live or played
 * back (inferred: the catalogue has no separate "read" right on a camera). An alarm without a source device (a
 * user-defined, generic or third-party event) is seen by everyone with alarms.view ("You view alarms from third-party
 * solutions by default", S2:13238). Per-definition rights (5.3.6) are not modelled yet.
 */
export const DEVICE_VISIBILITY_PERMISSIONS: readonly CameraPermission[] = ['viewLive', 'playback'];

/** Device groups are not known yet: a device belongs to no group, so group grants match nothing. */
const NO_GROUPS: readonly string[] = [];

export const deviceVisibleTo = (roles: readonly Role[], deviceId: string): boolean =>
  DEVICE_VISIBILITY_PERMISSIONS.some((permission) =>
    hasCameraPermission(roles, { cameraId: deviceId, groupIds: NO_GROUPS }, permission),
  );

export const alarmVisibleTo = (roles: readonly Role[], alarm: Readonly<{ sourceDeviceId?: string }>): boolean =>
  alarm.sourceDeviceId === undefined || deviceVisibleTo(roles, alarm.sourceDeviceId);

/**
 * The same decision in a shape a query can filter on: `byDefault` for every device that no camera-scoped grant names,
 * and the named devices one by one. `deviceVisibleTo(roles, d)` equals `devices.get(d) ?? byDefault`.
 */
export type DeviceVisibility = Readonly<{ byDefault: boolean; devices: ReadonlyMap<string, boolean> }>;

export const deviceVisibility = (roles: readonly Role[]): DeviceVisibility => {
  if (roles.some(isOwnerRole)) {
    return { byDefault: true, devices: new Map() };
  }
  const named = new Set(
    roles.flatMap((role) =>
      role.cameraGrants.flatMap((grant) => (grant.scope.kind === 'camera' ? [grant.scope.cameraId] : [])),
    ),
  );
  // A device no grant names is matched by the 'all' grants only (groups match nothing yet), like an unnamed id.
  const unnamed = `\u0000unnamed-device`;
  return {
    byDefault: deviceVisibleTo(roles, unnamed),
    devices: new Map([...named].map((deviceId) => [deviceId, deviceVisibleTo(roles, deviceId)])),
  };
};

/** `alarmVisibleTo`, decided from a precomputed DeviceVisibility (no role walk per alarm). */
export const alarmVisibleIn = (visibility: DeviceVisibility, alarm: Readonly<{ sourceDeviceId?: string }>): boolean =>
  alarm.sourceDeviceId === undefined || (visibility.devices.get(alarm.sourceDeviceId) ?? visibility.byDefault);

/**
 * A text equal for two DeviceVisibility exactly when they decide every alarm alike: users whose roles differ but
 * see the same devices share it, so the alarm feed filters and encodes a frame once for all of them.
 */
export const deviceVisibilityKey = (visibility: DeviceVisibility): string => {
  // Named devices decided like the default change nothing: leaving them out makes equal visibilities equal keys.
  const exceptions = [...visibility.devices]
    .filter(([, visible]) => visible !== visibility.byDefault)
    .map(([deviceId]) => deviceId)
    .sort();
  return JSON.stringify([visibility.byDefault, exceptions]);
};
