import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { DeviceGroup } from './device-group';

// Event type names and field names are persisted: do not rename.

export const DEVICE_GROUP_STREAM_PREFIX = 'devicegroup-'; // persisted: do not rename (one stream per group)

export const deviceGroupStream = (deviceGroupId: string): string => `${DEVICE_GROUP_STREAM_PREFIX}${deviceGroupId}`;

export type DeviceGroupCreated = AccessDomainEvent<
  'DeviceGroupCreated', // persisted: do not rename
  { group: DeviceGroup; byUserId: string; at: EpochMs }
>;
/** A full replacement of the group (same id): name, description and members. */
export type DeviceGroupUpdated = AccessDomainEvent<
  'DeviceGroupUpdated', // persisted: do not rename
  { group: DeviceGroup; byUserId: string; at: EpochMs }
>;
export type DeviceGroupDeleted = AccessDomainEvent<
  'DeviceGroupDeleted', // persisted: do not rename
  { deviceGroupId: string; byUserId: string; at: EpochMs }
>;

export type DeviceGroupEvent = DeviceGroupCreated | DeviceGroupUpdated | DeviceGroupDeleted;
export type DeviceGroupEventType = DeviceGroupEvent['type'];

// persisted: do not rename
export const DEVICE_GROUP_EVENT_TYPES = [
  'DeviceGroupCreated',
  'DeviceGroupUpdated',
  'DeviceGroupDeleted',
] as const satisfies readonly DeviceGroupEventType[];

type UnlistedDeviceGroupEventType = Exclude<DeviceGroupEventType, (typeof DEVICE_GROUP_EVENT_TYPES)[number]>;
export const allDeviceGroupEventTypesListed: [UnlistedDeviceGroupEventType] extends [never]
  ? true
  : UnlistedDeviceGroupEventType = true;

export const isDeviceGroupEventType = (value: string): value is DeviceGroupEventType =>
  (DEVICE_GROUP_EVENT_TYPES as readonly string[]).includes(value);
