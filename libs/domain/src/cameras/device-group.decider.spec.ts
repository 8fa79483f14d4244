import { deciderSpec } from '../access/testing/decider-spec';
import type { DeviceGroup } from './device-group';
import { deviceGroupDecider, type DeviceGroupCommand } from './device-group.decider';
import type { DeviceGroupCreated } from './device-group.events';

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error: unknown) {
    return error;
  }
  return undefined;
};

const given = deciderSpec(deviceGroupDecider);
const byUserId = 'admin';
const references = { deviceIds: new Set(['cam-1', 'cam-2', 'in-1']) };
const group = (overrides: Partial<DeviceGroup> = {}): DeviceGroup => ({
  id: 'g1',
  name: 'Entrance',
  description: '',
  memberIds: ['cam-1', 'in-1'],
  ...overrides,
});
const created: DeviceGroupCreated = { type: 'DeviceGroupCreated', data: { group: group(), byUserId, at: 1 } };
const save = (type: 'CreateDeviceGroup' | 'UpdateDeviceGroup', overrides: Partial<DeviceGroup> = {}) =>
  ({ type, data: { group: group(overrides), references, byUserId, now: 1 } }) as DeviceGroupCommand;

describe('device group decider', () => {
  it('creates a group of known devices, its name trimmed', () =>
    given([])
      .when(save('CreateDeviceGroup', { name: ' Entrance ' }))
      .then([created]));

  it('refuses unknown and duplicate members and an empty name, listing every problem', () => {
    expect(
      thrownBy(() =>
        deviceGroupDecider.decide(save('CreateDeviceGroup', { name: '', memberIds: ['cam-1', 'cam-1', 'cam-9'] }), {
          status: 'None',
        }),
      ),
    ).toMatchObject({
      code: 'DEVICE_GROUP_INVALID',
      details: {
        problems: [
          'DEVICE_GROUP_NAME_EMPTY: a device group needs a name',
          'MEMBERS_DUPLICATE: a device is listed twice',
          'UNKNOWN_DEVICE: device cam-9 does not exist',
        ],
      },
    });
  });

  it('updates members, ignores a change to nothing, and deletes', () => {
    given([created])
      .when(save('UpdateDeviceGroup', { memberIds: ['cam-2'] }))
      .then([{ type: 'DeviceGroupUpdated', data: { group: group({ memberIds: ['cam-2'] }), byUserId, at: 1 } }]);
    given([created]).when(save('UpdateDeviceGroup')).then([]);
    given([created])
      .when({ type: 'DeleteDeviceGroup', data: { deviceGroupId: 'g1', byUserId, now: 2 } })
      .then([{ type: 'DeviceGroupDeleted', data: { deviceGroupId: 'g1', byUserId, at: 2 } }]);
  });

  it('refuses to change what does not exist', () => {
    given([]).when(save('UpdateDeviceGroup')).thenThrows('DEVICE_GROUP_NOT_FOUND');
    given([])
      .when({ type: 'DeleteDeviceGroup', data: { deviceGroupId: 'g1', byUserId, now: 2 } })
      .thenThrows('DEVICE_GROUP_NOT_FOUND');
  });
});
