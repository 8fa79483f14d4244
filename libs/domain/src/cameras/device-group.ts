import { unknownDeviceProblems } from '../rules/rule.validation';

/**
 * A device group: a named set of devices (cameras, their inputs and outputs) that rules, alarm definitions and
 * camera permissions select at once (`{ kind: 'deviceGroups', groupIds }`). Field names are persisted inside
 * device-group events: do not rename.
 */
export type DeviceGroup = Readonly<{
  id: string;
  name: string;
  description: string;
  /** Device ids, in the order given. */
  memberIds: readonly string[];
}>;

export const DEVICE_GROUP_NAME_MAX_LENGTH = 100; // (inferred)
export const DEVICE_GROUP_DESCRIPTION_MAX_LENGTH = 1_000; // (inferred)
export const DEVICE_GROUP_MEMBERS_MAX = 1_000; // (inferred)

/** What a group may contain: the device ids that exist when the command is handled. */
export type DeviceGroupReferences = Readonly<{ deviceIds: ReadonlySet<string> }>;

/** Every problem of the group, each as 'CODE: explanation'; empty when it can be saved. */
export const deviceGroupProblems = (group: DeviceGroup, references: DeviceGroupReferences): string[] => {
  const problems: string[] = [];
  const name = group.name.trim();
  if (name.length === 0) {
    problems.push('DEVICE_GROUP_NAME_EMPTY: a device group needs a name');
  }
  if (name.length > DEVICE_GROUP_NAME_MAX_LENGTH) {
    problems.push(`DEVICE_GROUP_NAME_TOO_LONG: at most ${DEVICE_GROUP_NAME_MAX_LENGTH} characters`);
  }
  if (group.description.length > DEVICE_GROUP_DESCRIPTION_MAX_LENGTH) {
    problems.push(`DESCRIPTION_TOO_LONG: at most ${DEVICE_GROUP_DESCRIPTION_MAX_LENGTH} characters`);
  }
  if (group.memberIds.length > DEVICE_GROUP_MEMBERS_MAX) {
    problems.push(`MEMBERS_TOO_MANY: at most ${DEVICE_GROUP_MEMBERS_MAX} devices`);
  }
  if (new Set(group.memberIds).size !== group.memberIds.length) {
    problems.push('MEMBERS_DUPLICATE: a device is listed twice');
  }
  problems.push(...unknownDeviceProblems(group.memberIds, references));
  return problems;
};
