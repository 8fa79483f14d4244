import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  deviceGroupDecider,
  deviceGroupStream,
  type DeviceGroup,
  type DeviceGroupCommand,
  type EventStore,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand } from '@vigil/infrastructure';
import type { Actor } from '../auth/actor';
import type { DeviceGroupRequest } from './cameras.dto';
import { CamerasReadModel } from './cameras-read-model';
import { DeviceGroupsReadModel } from './device-groups-read-model';

/** Device groups: named sets of devices (cameras, their inputs and outputs), members checked against the cameras. */
@Injectable()
export class DeviceGroupsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: DeviceGroupsReadModel,
    private readonly cameras: CamerasReadModel,
  ) {}

  list(): Promise<DeviceGroup[]> {
    return this.readModel.list();
  }

  async get(deviceGroupId: string): Promise<DeviceGroup> {
    const group = await this.readModel.get(deviceGroupId);
    if (!group) {
      throw new NotFoundException({ code: 'DEVICE_GROUP_NOT_FOUND', message: 'no such device group' });
    }
    return group;
  }

  async create(actor: Actor, request: DeviceGroupRequest): Promise<{ deviceGroupId: string }> {
    const group = toGroup(randomUUID(), request);
    await this.command(actor, group.id, {
      type: 'CreateDeviceGroup',
      data: { group, references: { deviceIds: await this.cameras.deviceIds() }, ...by(actor) },
    });
    return { deviceGroupId: group.id };
  }

  async update(actor: Actor, deviceGroupId: string, request: DeviceGroupRequest): Promise<void> {
    await this.command(actor, deviceGroupId, {
      type: 'UpdateDeviceGroup',
      data: {
        group: toGroup(deviceGroupId, request),
        references: { deviceIds: await this.cameras.deviceIds() },
        ...by(actor),
      },
    });
  }

  async delete(actor: Actor, deviceGroupId: string): Promise<void> {
    await this.command(actor, deviceGroupId, { type: 'DeleteDeviceGroup', data: { deviceGroupId, ...by(actor) } });
  }

  private async command(actor: Actor, deviceGroupId: string, command: DeviceGroupCommand): Promise<void> {
    const outcome = await handleCommand(this.store, deviceGroupStream(deviceGroupId), deviceGroupDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}

const by = (actor: Actor) => ({ byUserId: actor.userId, now: Date.now() });

const toGroup = (id: string, request: DeviceGroupRequest): DeviceGroup => ({
  id,
  name: request.name,
  description: request.description ?? '',
  memberIds: request.memberIds,
});
