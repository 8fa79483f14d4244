import { DomainError } from '../shared';
import { assertNever } from '../shared';
import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import type { UserDefinedEventDefinitionEvent, UserDefinedEventTriggered } from './user-defined-event.events';

export type UserDefinedEventErrorCode =
  'USER_DEFINED_EVENT_INVALID' | 'USER_DEFINED_EVENT_NOT_FOUND' | 'USER_DEFINED_EVENT_ALREADY_EXISTS';

export class UserDefinedEventError extends DomainError<UserDefinedEventErrorCode> {}

export const USER_DEFINED_EVENT_NAME_MAX_LENGTH = 100;
export const TRIGGER_MAX_DEVICES = 1_000;

export type CreateUserDefinedEvent = AccessCommand<
  'CreateUserDefinedEvent',
  { userDefinedEventId: string; name: string; byUserId: string; now: EpochMs }
>;
export type RenameUserDefinedEvent = AccessCommand<
  'RenameUserDefinedEvent',
  { userDefinedEventId: string; name: string; byUserId: string; now: EpochMs }
>;
export type DeleteUserDefinedEvent = AccessCommand<
  'DeleteUserDefinedEvent',
  { userDefinedEventId: string; byUserId: string; now: EpochMs }
>;
export type UserDefinedEventCommand = CreateUserDefinedEvent | RenameUserDefinedEvent | DeleteUserDefinedEvent;

export type UserDefinedEventState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Active'; userDefinedEventId: string; name: string }>
  | Readonly<{ status: 'Deleted' }>;

/** Milestone creates a user-defined event with a name only (FEATURES 2.3.5). */
const validName = (name: string): string => {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > USER_DEFINED_EVENT_NAME_MAX_LENGTH) {
    throw new UserDefinedEventError(
      'USER_DEFINED_EVENT_INVALID',
      `a name needs 1 to ${USER_DEFINED_EVENT_NAME_MAX_LENGTH} characters`,
    );
  }
  return trimmed;
};

const notFound = (id: string): UserDefinedEventError =>
  new UserDefinedEventError('USER_DEFINED_EVENT_NOT_FOUND', `user-defined event ${id} does not exist`);

export const decideUserDefinedEvent = (
  command: UserDefinedEventCommand,
  state: UserDefinedEventState,
): UserDefinedEventDefinitionEvent[] => {
  const { userDefinedEventId, byUserId, now } = command.data;
  switch (command.type) {
    case 'CreateUserDefinedEvent':
      if (state.status !== 'None') {
        throw new UserDefinedEventError('USER_DEFINED_EVENT_ALREADY_EXISTS', `${userDefinedEventId} exists`);
      }
      return [
        {
          type: 'UserDefinedEventCreated',
          data: { userDefinedEventId, name: validName(command.data.name), byUserId, at: now },
        },
      ];
    case 'RenameUserDefinedEvent': {
      if (state.status !== 'Active') {
        throw notFound(userDefinedEventId);
      }
      const name = validName(command.data.name);
      return name === state.name
        ? []
        : [{ type: 'UserDefinedEventRenamed', data: { userDefinedEventId, name, byUserId, at: now } }];
    }
    case 'DeleteUserDefinedEvent':
      if (state.status !== 'Active') {
        throw notFound(userDefinedEventId);
      }
      return [{ type: 'UserDefinedEventDeleted', data: { userDefinedEventId, byUserId, at: now } }];
    default:
      return assertNever(command);
  }
};

export const evolveUserDefinedEvent = (
  state: UserDefinedEventState,
  event: UserDefinedEventDefinitionEvent,
): UserDefinedEventState => {
  switch (event.type) {
    case 'UserDefinedEventCreated':
    case 'UserDefinedEventRenamed':
      return { status: 'Active', userDefinedEventId: event.data.userDefinedEventId, name: event.data.name };
    case 'UserDefinedEventDeleted':
      return { status: 'Deleted' };
    default:
      return assertNever(event);
  }
};

export const userDefinedEventDecider = {
  decide: decideUserDefinedEvent,
  evolve: evolveUserDefinedEvent,
  initialState: (): UserDefinedEventState => ({ status: 'None' }),
} satisfies AccessDecider<UserDefinedEventState, UserDefinedEventCommand, UserDefinedEventDefinitionEvent>;

/** The fact of a trigger, from an existing event; the device lists are de-duplicated and bounded. */
export const triggerUserDefinedEvent = (
  state: UserDefinedEventState,
  trigger: Readonly<{
    triggeredBy: string;
    deviceIds?: readonly string[];
    deviceGroupIds?: readonly string[];
    now: EpochMs;
  }>,
): UserDefinedEventTriggered => {
  if (state.status !== 'Active') {
    throw new UserDefinedEventError('USER_DEFINED_EVENT_NOT_FOUND', 'no such user-defined event');
  }
  const deviceIds = [...new Set(trigger.deviceIds ?? [])];
  const deviceGroupIds = [...new Set(trigger.deviceGroupIds ?? [])];
  if (deviceIds.length + deviceGroupIds.length > TRIGGER_MAX_DEVICES) {
    throw new UserDefinedEventError('USER_DEFINED_EVENT_INVALID', `at most ${TRIGGER_MAX_DEVICES} devices and groups`);
  }
  return {
    type: 'UserDefinedEventTriggered',
    data: {
      userDefinedEventId: state.userDefinedEventId,
      name: state.name,
      triggeredBy: trigger.triggeredBy,
      deviceIds,
      deviceGroupIds,
      at: trigger.now,
    },
  };
};
