import { hasAlarmDefinitionPermission } from '../access/alarm-definition-rights';
import type { CameraRef } from '../access/effective-permissions';
import { hasCameraPermission } from '../access/effective-permissions';
import type { CameraPermission } from '../access/permissions';
import { isOwnerRole, type Role } from '../access/role';

/**
 * Who may see an alarm, and who may handle it (FEATURES 5.3.2, 5.3.6):
 * - its source device: "If the device causing the alarm is not set to be visible to the user's role, the user cannot
 *   see the alarm" (S2:2512-2521). A device is visible to roles that may watch it, live or played back (inferred: the
 *   catalogue has no separate "read" right on a camera), through a grant on all cameras, on the camera, or on a device
 *   group it belongs to. An alarm without a source device (a user-defined, generic or third-party event) passes.
 * - its alarm definition: View on the definition to see it, Write to handle it (S2:13244-13250, S2:13664-13668).
 * Group membership is taken as it is now, not as it was when the alarm was raised: Milestone applies the current
 * rights, and a camera moved out of a group takes its old alarms with it.
 */
export const DEVICE_VISIBILITY_PERMISSIONS: readonly CameraPermission[] = ['viewLive', 'playback'];

/** What decides who may see an alarm: the device it came from and its definition, as its AlarmRaised says. */
export type AlarmSource = Readonly<{ sourceDeviceId?: string; alarmDefinitionId?: string }>;

/** Device group id → the ids of its member devices, as the device groups are now. */
export type GroupMembership = ReadonlyMap<string, ReadonlySet<string>>;

export const NO_GROUPS: GroupMembership = new Map();

/** The device with the groups it belongs to, for a camera-permission check. */
export const deviceRefOf = (deviceId: string, membership: GroupMembership): CameraRef => ({
  cameraId: deviceId,
  groupIds: [...membership].filter(([, members]) => members.has(deviceId)).map(([groupId]) => groupId),
});

export const deviceVisibleTo = (roles: readonly Role[], device: CameraRef): boolean =>
  DEVICE_VISIBILITY_PERMISSIONS.some((permission) => hasCameraPermission(roles, device, permission));

export const alarmVisibleTo = (roles: readonly Role[], alarm: AlarmSource, membership: GroupMembership): boolean =>
  (alarm.alarmDefinitionId === undefined || hasAlarmDefinitionPermission(roles, alarm.alarmDefinitionId, 'view')) &&
  (alarm.sourceDeviceId === undefined || deviceVisibleTo(roles, deviceRefOf(alarm.sourceDeviceId, membership)));

/** Acknowledge, assign, change, comment, close: the alarm must be visible, and its definition allow Write. */
export const alarmHandleableBy = (roles: readonly Role[], alarm: AlarmSource, membership: GroupMembership): boolean =>
  alarmVisibleTo(roles, alarm, membership) &&
  (alarm.alarmDefinitionId === undefined || hasAlarmDefinitionPermission(roles, alarm.alarmDefinitionId, 'write'));

/**
 * The same decision in a shape a query can filter on: `byDefault` for every device that no grant names (by itself or
 * through a group), and the named devices one by one. `deviceVisibleTo(roles, ref)` equals `devices.get(d) ?? byDefault`.
 */
export type DeviceVisibility = Readonly<{ byDefault: boolean; devices: ReadonlyMap<string, boolean> }>;

/** Likewise for alarm definitions: View on the definitions no grant names, and on the named ones. */
export type DefinitionVisibility = Readonly<{ byDefault: boolean; definitions: ReadonlyMap<string, boolean> }>;

export type AlarmVisibility = Readonly<{ devices: DeviceVisibility; definitions: DefinitionVisibility }>;

/** An id no grant can name: what an unnamed device or definition is decided like. */
const UNNAMED = '\u0000unnamed';

export const deviceVisibility = (roles: readonly Role[], membership: GroupMembership): DeviceVisibility => {
  if (roles.some(isOwnerRole)) {
    return { byDefault: true, devices: new Map() };
  }
  const named = new Set(
    roles.flatMap((role) =>
      role.cameraGrants.flatMap((grant) => {
        switch (grant.scope.kind) {
          case 'all':
            return [];
          case 'camera':
            return [grant.scope.cameraId];
          case 'group':
            return [...(membership.get(grant.scope.groupId) ?? [])];
        }
      }),
    ),
  );
  // A device no grant names, itself or through a group, is matched by the 'all' grants only, like an unnamed id.
  return {
    byDefault: deviceVisibleTo(roles, { cameraId: UNNAMED, groupIds: [] }),
    devices: new Map(
      [...named].map((deviceId) => [deviceId, deviceVisibleTo(roles, deviceRefOf(deviceId, membership))]),
    ),
  };
};

export const definitionVisibility = (roles: readonly Role[]): DefinitionVisibility => {
  if (roles.some(isOwnerRole)) {
    return { byDefault: true, definitions: new Map() };
  }
  const named = new Set(
    roles.flatMap((role) =>
      role.alarmDefinitionGrants.flatMap((grant) =>
        grant.scope.kind === 'definition' ? [grant.scope.alarmDefinitionId] : [],
      ),
    ),
  );
  return {
    byDefault: hasAlarmDefinitionPermission(roles, UNNAMED, 'view'),
    definitions: new Map([...named].map((id) => [id, hasAlarmDefinitionPermission(roles, id, 'view')])),
  };
};

/** `alarmVisibleTo` for every alarm at once, computed once per user (and per group membership). */
export const alarmVisibility = (roles: readonly Role[], membership: GroupMembership): AlarmVisibility => ({
  devices: deviceVisibility(roles, membership),
  definitions: definitionVisibility(roles),
});

/** `alarmVisibleTo`, decided from a precomputed AlarmVisibility (no role walk per alarm). */
export const alarmVisibleIn = (visibility: AlarmVisibility, alarm: AlarmSource): boolean =>
  (alarm.alarmDefinitionId === undefined ||
    (visibility.definitions.definitions.get(alarm.alarmDefinitionId) ?? visibility.definitions.byDefault)) &&
  (alarm.sourceDeviceId === undefined ||
    (visibility.devices.devices.get(alarm.sourceDeviceId) ?? visibility.devices.byDefault));

/** The named ids decided unlike the default, sorted: named ids decided like it change nothing. */
const exceptions = (byDefault: boolean, named: ReadonlyMap<string, boolean>): string[] =>
  [...named]
    .filter(([, visible]) => visible !== byDefault)
    .map(([id]) => id)
    .sort();

/**
 * A text equal for two AlarmVisibility exactly when they decide every device and every definition alike, and so every
 * alarm: users whose roles differ but see the same alarms share it, so the alarm feed filters and encodes a frame
 * once for all of them.
 */
export const alarmVisibilityKey = ({ devices, definitions }: AlarmVisibility): string =>
  JSON.stringify([
    devices.byDefault,
    exceptions(devices.byDefault, devices.devices),
    definitions.byDefault,
    exceptions(definitions.byDefault, definitions.definitions),
  ]);
