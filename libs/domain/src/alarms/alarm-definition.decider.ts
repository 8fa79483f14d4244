import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import { alarmDefinitionProblems, type AlarmDefinition, type AlarmDefinitionReferences } from './alarm-definition';
import { AlarmDefinitionError } from './alarm-definition.errors';
import type { AlarmDefinitionEvent } from './alarm-definition.events';

/*
 * Alarm definitions, stream `alarmdefinition-<id>`. As for rules, saving commands carry the caller's `references`
 * (the ids known when the command is handled) and the decider validates, so no invalid definition reaches the
 * stream whoever calls. A reference deleted later is caught by re-validating (GET /api/alarm-definitions/validation).
 */
type Saving = Readonly<{
  definition: AlarmDefinition;
  references: AlarmDefinitionReferences;
  byUserId: string;
  now: EpochMs;
}>;

export type CreateAlarmDefinition = AccessCommand<'CreateAlarmDefinition', Saving>;
/** A full replacement; `definition.id` names the definition to change. */
export type UpdateAlarmDefinition = AccessCommand<'UpdateAlarmDefinition', Saving>;
export type DeleteAlarmDefinition = AccessCommand<
  'DeleteAlarmDefinition',
  { alarmDefinitionId: string; byUserId: string; now: EpochMs }
>;

export type AlarmDefinitionCommand = CreateAlarmDefinition | UpdateAlarmDefinition | DeleteAlarmDefinition;

export type AlarmDefinitionState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Live'; definition: AlarmDefinition; version: number }>
  | Readonly<{ status: 'Deleted'; alarmDefinitionId: string }>;

export const initialAlarmDefinitionState = (): AlarmDefinitionState => ({ status: 'None' });

const valid = (
  definition: AlarmDefinition,
  references: AlarmDefinitionReferences,
  streamId: string,
): AlarmDefinition => {
  const problems = alarmDefinitionProblems(definition, references);
  if (definition.id !== streamId) {
    problems.unshift(`ALARM_DEFINITION_ID_MISMATCH: the definition's id ${definition.id} is not ${streamId}`);
  }
  if (problems.length > 0) {
    throw new AlarmDefinitionError(
      'ALARM_DEFINITION_INVALID',
      `alarm definition ${streamId} is invalid: ${problems.join('; ')}`,
      { problems },
    );
  }
  return { ...definition, name: definition.name.trim() };
};

const notFound = (alarmDefinitionId: string, state: AlarmDefinitionState): AlarmDefinitionError =>
  new AlarmDefinitionError(
    'ALARM_DEFINITION_NOT_FOUND',
    `alarm definition ${alarmDefinitionId} ${state.status === 'Deleted' ? 'was deleted' : 'does not exist'}`,
  );

const sameDefinition = (a: AlarmDefinition, b: AlarmDefinition): boolean => JSON.stringify(a) === JSON.stringify(b);

export const decideAlarmDefinition = (
  command: AlarmDefinitionCommand,
  state: AlarmDefinitionState,
): AlarmDefinitionEvent[] => {
  const { byUserId, now } = command.data;
  switch (command.type) {
    case 'CreateAlarmDefinition': {
      const { definition, references } = command.data;
      if (state.status !== 'None') {
        // a deleted definition's id is never reused: alarms raised by it keep pointing at what it was
        throw new AlarmDefinitionError('ALARM_DEFINITION_ALREADY_EXISTS', `alarm definition ${definition.id} exists`);
      }
      return [
        {
          type: 'AlarmDefinitionCreated',
          data: { definition: valid(definition, references, definition.id), version: 1, byUserId, at: now },
        },
      ];
    }
    case 'UpdateAlarmDefinition': {
      const { definition, references } = command.data;
      if (state.status !== 'Live') {
        throw notFound(definition.id, state);
      }
      const next = valid(definition, references, state.definition.id);
      return sameDefinition(next, state.definition)
        ? []
        : [
            {
              type: 'AlarmDefinitionUpdated',
              data: { definition: next, version: state.version + 1, byUserId, at: now },
            },
          ];
    }
    case 'DeleteAlarmDefinition': {
      const { alarmDefinitionId } = command.data;
      if (state.status !== 'Live') {
        throw notFound(alarmDefinitionId, state);
      }
      return [{ type: 'AlarmDefinitionDeleted', data: { alarmDefinitionId, byUserId, at: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveAlarmDefinition = (
  state: AlarmDefinitionState,
  event: AlarmDefinitionEvent,
): AlarmDefinitionState => {
  switch (event.type) {
    case 'AlarmDefinitionCreated':
    case 'AlarmDefinitionUpdated':
      return state.status === 'Deleted'
        ? state
        : { status: 'Live', definition: event.data.definition, version: event.data.version };
    case 'AlarmDefinitionDeleted':
      return { status: 'Deleted', alarmDefinitionId: event.data.alarmDefinitionId };
    default:
      return assertNever(event);
  }
};

export const alarmDefinitionDecider = {
  decide: decideAlarmDefinition,
  evolve: evolveAlarmDefinition,
  initialState: initialAlarmDefinitionState,
} satisfies AccessDecider<AlarmDefinitionState, AlarmDefinitionCommand, AlarmDefinitionEvent>;
