import { BadRequestException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  externalInputStream,
  formatPosition,
  triggerUserDefinedEvent,
  userDefinedEventDecider,
  userDefinedEventStream,
  type EventStore,
  type UserDefinedEventCommand,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, isWrongRevision, readState } from '@vigil/infrastructure';
import { reserveName } from '../access/name-reservation';
import { mayUseResource, type Actor } from '../auth/actor';
import type { TriggerRequest, TriggerResponse } from './user-defined-events.dto';
import { UserDefinedEventsReadModel, type UserDefinedEventView } from './user-defined-events-read-model';

/** User-defined events: named definitions, and their triggers appended durably before they are acknowledged. */
@Injectable()
export class UserDefinedEventsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: UserDefinedEventsReadModel,
  ) {}

  list(): Promise<UserDefinedEventView[]> {
    return this.readModel.list();
  }

  async create(actor: Actor, name: string): Promise<{ userDefinedEventId: string }> {
    const userDefinedEventId = randomUUID();
    const command: UserDefinedEventCommand = {
      type: 'CreateUserDefinedEvent',
      data: { userDefinedEventId, name, byUserId: actor.userId, now: Date.now() },
    };
    userDefinedEventDecider.decide(command, userDefinedEventDecider.initialState()); // invalid names take no name
    await this.reserve(name, userDefinedEventId);
    await this.command(actor, command);
    return { userDefinedEventId };
  }

  async rename(actor: Actor, userDefinedEventId: string, name: string): Promise<void> {
    const command: UserDefinedEventCommand = {
      type: 'RenameUserDefinedEvent',
      data: { userDefinedEventId, name, byUserId: actor.userId, now: Date.now() },
    };
    const { state } = await readState(this.store, userDefinedEventStream(userDefinedEventId), userDefinedEventDecider);
    if (userDefinedEventDecider.decide(command, state).length > 0 && state.status === 'Active') {
      if (state.name.toLowerCase() !== name.trim().toLowerCase()) {
        await this.reserve(name, userDefinedEventId);
      }
      await this.command(actor, command);
    }
  }

  async delete(actor: Actor, userDefinedEventId: string): Promise<void> {
    await this.command(actor, {
      type: 'DeleteUserDefinedEvent',
      data: { userDefinedEventId, byUserId: actor.userId, now: Date.now() },
    });
  }

  /**
   * Appends UserDefinedEventTriggered and answers only once it is stored (durable before acknowledged). An API key
   * whose trigger scope lists resources may trigger only those events.
   */
  async trigger(actor: Actor, userDefinedEventId: string, request: TriggerRequest): Promise<TriggerResponse> {
    if (!mayUseResource(actor, 'userDefinedEvents.trigger', userDefinedEventId)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: 'this key may not trigger that event' });
    }
    const { state } = await readState(this.store, userDefinedEventStream(userDefinedEventId), userDefinedEventDecider);
    const now = Date.now();
    const triggered = triggerUserDefinedEvent(state, {
      triggeredBy: actor.userId,
      ...(request.deviceIds ? { deviceIds: request.deviceIds } : {}),
      ...(request.deviceGroupIds ? { deviceGroupIds: request.deviceGroupIds } : {}),
      now,
    });
    const eventId = randomUUID();
    const result = await this.store.append(
      externalInputStream(now),
      [
        {
          id: eventId,
          type: triggered.type,
          data: triggered.data,
          metadata: { actorId: actor.userId, address: actor.address },
        },
      ],
      'any',
    );
    return { eventId, position: formatPosition(result.position) };
  }

  private async reserve(name: string, userDefinedEventId: string): Promise<void> {
    try {
      await reserveName(this.store, 'userdefinedeventname', name, userDefinedEventId);
    } catch (error) {
      if (isWrongRevision(error)) {
        throw new BadRequestException({ code: 'USER_DEFINED_EVENT_NAME_TAKEN', message: 'that name is taken' });
      }
      throw error;
    }
  }

  private async command(actor: Actor, command: UserDefinedEventCommand): Promise<void> {
    const outcome = await handleCommand(
      this.store,
      userDefinedEventStream(command.data.userDefinedEventId),
      userDefinedEventDecider,
      command,
      { actorId: actor.userId, address: actor.address },
    );
    await this.readModel.caughtUp(outcome.position);
  }
}
