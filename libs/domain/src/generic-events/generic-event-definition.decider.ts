import { DomainError, assertNever } from '../shared';
import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { genericEventDefinitionProblems, type GenericEventDefinition } from './generic-event-definition';
import type { GenericEventDefinitionEvent } from './generic-event.events';

export type GenericEventDefinitionErrorCode =
  'GENERIC_EVENT_INVALID' | 'GENERIC_EVENT_NOT_FOUND' | 'GENERIC_EVENT_ALREADY_EXISTS';

export class GenericEventDefinitionError extends DomainError<GenericEventDefinitionErrorCode> {}

export type DefineGenericEvent = AccessCommand<
  'DefineGenericEvent',
  { definition: GenericEventDefinition; byUserId: string; now: EpochMs }
>;
export type RedefineGenericEvent = AccessCommand<
  'RedefineGenericEvent',
  { definition: GenericEventDefinition; byUserId: string; now: EpochMs }
>;
export type RemoveGenericEvent = AccessCommand<
  'RemoveGenericEvent',
  { genericEventId: string; byUserId: string; now: EpochMs }
>;
export type GenericEventDefinitionCommand = DefineGenericEvent | RedefineGenericEvent | RemoveGenericEvent;

export type GenericEventDefinitionState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Active'; definition: GenericEventDefinition }>
  | Readonly<{ status: 'Removed' }>;

/** 422-style: every problem of the definition at once (expression errors with their position). */
const valid = (definition: GenericEventDefinition): GenericEventDefinition => {
  const problems = genericEventDefinitionProblems(definition);
  if (problems.length > 0) {
    throw new GenericEventDefinitionError('GENERIC_EVENT_INVALID', problems.join('; '), { problems });
  }
  return { ...definition, name: definition.name.trim() };
};

export const decideGenericEventDefinition = (
  command: GenericEventDefinitionCommand,
  state: GenericEventDefinitionState,
): GenericEventDefinitionEvent[] => {
  switch (command.type) {
    case 'DefineGenericEvent':
      if (state.status !== 'None') {
        throw new GenericEventDefinitionError('GENERIC_EVENT_ALREADY_EXISTS', `${command.data.definition.id} exists`);
      }
      return [
        {
          type: 'GenericEventDefined',
          data: { definition: valid(command.data.definition), byUserId: command.data.byUserId, at: command.data.now },
        },
      ];
    case 'RedefineGenericEvent':
      if (state.status !== 'Active') {
        throw new GenericEventDefinitionError('GENERIC_EVENT_NOT_FOUND', 'no such generic event');
      }
      return [
        {
          type: 'GenericEventRedefined',
          data: { definition: valid(command.data.definition), byUserId: command.data.byUserId, at: command.data.now },
        },
      ];
    case 'RemoveGenericEvent':
      if (state.status !== 'Active') {
        throw new GenericEventDefinitionError('GENERIC_EVENT_NOT_FOUND', 'no such generic event');
      }
      return [
        {
          type: 'GenericEventRemoved',
          data: { genericEventId: command.data.genericEventId, byUserId: command.data.byUserId, at: command.data.now },
        },
      ];
    default:
      return assertNever(command);
  }
};

export const evolveGenericEventDefinition = (
  state: GenericEventDefinitionState,
  event: GenericEventDefinitionEvent,
): GenericEventDefinitionState => {
  switch (event.type) {
    case 'GenericEventDefined':
    case 'GenericEventRedefined':
      return { status: 'Active', definition: event.data.definition };
    case 'GenericEventRemoved':
      return { status: 'Removed' };
    default:
      return assertNever(event);
  }
};

export const genericEventDefinitionDecider = {
  decide: decideGenericEventDefinition,
  evolve: evolveGenericEventDefinition,
  initialState: (): GenericEventDefinitionState => ({ status: 'None' }),
} satisfies AccessDecider<GenericEventDefinitionState, GenericEventDefinitionCommand, GenericEventDefinitionEvent>;
