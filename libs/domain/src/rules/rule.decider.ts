import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import type { RuleDefinition } from './rule';
import { RuleError } from './rule.errors';
import type { RuleEvent } from './rule.events';
import type { RuleReferences } from './rule.validation';
import { ruleProblems } from './rule.validation';

/*
 * Design choice: commands that save a definition carry the caller's `references` (the ids known when the command is
 * handled) and the decider runs `ruleProblems` itself, so that no invalid definition can reach the stream, whoever
 * calls. The references are a snapshot: deleting a time profile later is caught by re-validating (FEATURES 1.9).
 */
type Saving = Readonly<{ references: RuleReferences; byUserId: string; now: EpochMs }>;
type Acting = Readonly<{ ruleId: string; byUserId: string; now: EpochMs }>;

export type CreateRule = AccessCommand<'CreateRule', Saving & Readonly<{ rule: RuleDefinition }>>;
export type UpdateRule = AccessCommand<'UpdateRule', Saving & Readonly<{ rule: RuleDefinition }>>;
/**
 * Handled on the NEW rule's stream: the caller reads `source` from the copied rule's stream. The seed only says the
 * wizard opens "displaying a copy of the selected rule" (S2:7722), so the name is kept unless `name` is given.
 */
export type CopyRule = AccessCommand<
  'CopyRule',
  Saving & Readonly<{ ruleId: string; source: RuleDefinition; name?: string }>
>;
export type ActivateRule = AccessCommand<'ActivateRule', Acting>;
export type DeactivateRule = AccessCommand<'DeactivateRule', Acting>;
export type DeleteRule = AccessCommand<'DeleteRule', Acting>;

export type RuleCommand = CreateRule | UpdateRule | CopyRule | ActivateRule | DeactivateRule | DeleteRule;

export type RuleState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Live'; rule: RuleDefinition; version: number }>
  | Readonly<{ status: 'Deleted'; version: number }>;

const valid = (rule: RuleDefinition, references: RuleReferences, streamRuleId: string): RuleDefinition => {
  const problems = ruleProblems(rule, references);
  if (rule.id !== streamRuleId) {
    problems.unshift(`RULE_ID_MISMATCH: the definition's id ${rule.id} is not ${streamRuleId}`);
  }
  if (problems.length > 0) {
    throw new RuleError('RULE_INVALID', `rule ${streamRuleId} is invalid: ${problems.join('; ')}`, { problems });
  }
  return { ...rule, name: rule.name.trim() };
};

const notFound = (ruleId: string): RuleError => new RuleError('RULE_NOT_FOUND', `rule ${ruleId} does not exist`);

/** A deleted rule's id may be created again (default rules are "recreatable", FEATURES 1.8); versions continue. */
const nextVersionForCreate = (state: RuleState, ruleId: string): number => {
  if (state.status === 'Live') {
    throw new RuleError('RULE_ALREADY_EXISTS', `rule ${ruleId} exists`);
  }
  return state.status === 'Deleted' ? state.version + 1 : 1;
};

const sameDefinition = (a: RuleDefinition, b: RuleDefinition): boolean => JSON.stringify(a) === JSON.stringify(b);

export const decideRule = (command: RuleCommand, state: RuleState): RuleEvent[] => {
  const { byUserId, now } = command.data;
  switch (command.type) {
    case 'CreateRule': {
      const version = nextVersionForCreate(state, command.data.rule.id);
      const rule = valid(command.data.rule, command.data.references, command.data.rule.id);
      return [{ type: 'RuleCreated', data: { rule, version, byUserId, at: now } }];
    }
    case 'CopyRule': {
      const { ruleId, source, name } = command.data;
      const version = nextVersionForCreate(state, ruleId);
      const rule = valid({ ...source, id: ruleId, name: name ?? source.name }, command.data.references, ruleId);
      return [{ type: 'RuleCreated', data: { rule, version, copiedFromRuleId: source.id, byUserId, at: now } }];
    }
    case 'UpdateRule': {
      if (state.status !== 'Live') {
        throw notFound(command.data.rule.id);
      }
      const rule = valid(command.data.rule, command.data.references, state.rule.id);
      return sameDefinition(rule, state.rule)
        ? []
        : [{ type: 'RuleUpdated', data: { rule, version: state.version + 1, byUserId, at: now } }];
    }
    case 'ActivateRule':
    case 'DeactivateRule': {
      const { ruleId } = command.data;
      if (state.status !== 'Live') {
        throw notFound(ruleId);
      }
      const active = command.type === 'ActivateRule';
      if (state.rule.active === active) {
        return [];
      }
      const data = { ruleId, version: state.version + 1, byUserId, at: now };
      return [active ? { type: 'RuleActivated', data } : { type: 'RuleDeactivated', data }];
    }
    case 'DeleteRule':
      if (state.status !== 'Live') {
        throw notFound(command.data.ruleId);
      }
      return [{ type: 'RuleDeleted', data: { ruleId: command.data.ruleId, byUserId, at: now } }];
    default:
      return assertNever(command);
  }
};

export const evolveRule = (state: RuleState, event: RuleEvent): RuleState => {
  switch (event.type) {
    case 'RuleCreated':
    case 'RuleUpdated':
      return { status: 'Live', rule: event.data.rule, version: event.data.version };
    case 'RuleActivated':
    case 'RuleDeactivated':
      return state.status === 'Live'
        ? {
            status: 'Live',
            rule: { ...state.rule, active: event.type === 'RuleActivated' },
            version: event.data.version,
          }
        : state;
    case 'RuleDeleted':
      return { status: 'Deleted', version: state.status === 'Live' ? state.version : 0 };
    default:
      return assertNever(event);
  }
};

export const ruleDecider = {
  decide: decideRule,
  evolve: evolveRule,
  initialState: (): RuleState => ({ status: 'None' }),
} satisfies AccessDecider<RuleState, RuleCommand, RuleEvent>;
