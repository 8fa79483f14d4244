import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import { deviceGroupProblems, type DeviceGroup, type DeviceGroupReferences } from './device-group';
import { CameraError } from './camera.errors';
import type { DeviceGroupEvent } from './device-group.events';

/*
 * Device groups, stream `devicegroup-<id>`. Saving commands carry the devices known when the command is handled, so
 * no group naming an unknown device reaches the stream.
 */
type Saving = Readonly<{ group: DeviceGroup; references: DeviceGroupReferences; byUserId: string; now: EpochMs }>;

export type CreateDeviceGroup = AccessCommand<'CreateDeviceGroup', Saving>;
/** A full replacement; `group.id` names the group to change. */
export type UpdateDeviceGroup = AccessCommand<'UpdateDeviceGroup', Saving>;
export type DeleteDeviceGroup = AccessCommand<
  'DeleteDeviceGroup',
  { deviceGroupId: string; byUserId: string; now: EpochMs }
>;

export type DeviceGroupCommand = CreateDeviceGroup | UpdateDeviceGroup | DeleteDeviceGroup;

export type DeviceGroupState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Live'; group: DeviceGroup }>
  | Readonly<{ status: 'Deleted'; deviceGroupId: string }>;

export const initialDeviceGroupState = (): DeviceGroupState => ({ status: 'None' });

const valid = (group: DeviceGroup, references: DeviceGroupReferences, streamId: string): DeviceGroup => {
  const problems = deviceGroupProblems(group, references);
  if (group.id !== streamId) {
    problems.unshift(`DEVICE_GROUP_ID_MISMATCH: the group's id ${group.id} is not ${streamId}`);
  }
  if (problems.length > 0) {
    throw new CameraError('DEVICE_GROUP_INVALID', `device group ${streamId} is invalid: ${problems.join('; ')}`, {
      problems,
    });
  }
  return { ...group, name: group.name.trim() };
};

const notFound = (deviceGroupId: string, state: DeviceGroupState): CameraError =>
  new CameraError(
    'DEVICE_GROUP_NOT_FOUND',
    `device group ${deviceGroupId} ${state.status === 'Deleted' ? 'was deleted' : 'does not exist'}`,
  );

const sameGroup = (a: DeviceGroup, b: DeviceGroup): boolean =>
  a.id === b.id &&
  a.name === b.name &&
  a.description === b.description &&
  a.memberIds.length === b.memberIds.length &&
  a.memberIds.every((id, index) => b.memberIds[index] === id);

export const decideDeviceGroup = (command: DeviceGroupCommand, state: DeviceGroupState): DeviceGroupEvent[] => {
  const { byUserId, now: at } = command.data;
  switch (command.type) {
    case 'CreateDeviceGroup': {
      const { group, references } = command.data;
      if (state.status !== 'None') {
        throw new CameraError('DEVICE_GROUP_ALREADY_EXISTS', `device group ${group.id} exists`);
      }
      return [{ type: 'DeviceGroupCreated', data: { group: valid(group, references, group.id), byUserId, at } }];
    }
    case 'UpdateDeviceGroup': {
      const { group, references } = command.data;
      if (state.status !== 'Live') {
        throw notFound(group.id, state);
      }
      const next = valid(group, references, state.group.id);
      return sameGroup(next, state.group) ? [] : [{ type: 'DeviceGroupUpdated', data: { group: next, byUserId, at } }];
    }
    case 'DeleteDeviceGroup': {
      const { deviceGroupId } = command.data;
      if (state.status !== 'Live') {
        throw notFound(deviceGroupId, state);
      }
      return [{ type: 'DeviceGroupDeleted', data: { deviceGroupId, byUserId, at } }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveDeviceGroup = (state: DeviceGroupState, event: DeviceGroupEvent): DeviceGroupState => {
  switch (event.type) {
    case 'DeviceGroupCreated':
    case 'DeviceGroupUpdated':
      return state.status === 'Deleted' ? state : { status: 'Live', group: event.data.group };
    case 'DeviceGroupDeleted':
      return { status: 'Deleted', deviceGroupId: event.data.deviceGroupId };
    default:
      return assertNever(event);
  }
};

export const deviceGroupDecider = {
  decide: decideDeviceGroup,
  evolve: evolveDeviceGroup,
  initialState: initialDeviceGroupState,
} satisfies AccessDecider<DeviceGroupState, DeviceGroupCommand, DeviceGroupEvent>;
