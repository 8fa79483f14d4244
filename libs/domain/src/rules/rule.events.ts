import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { RuleDefinition } from './rule';

// Event type names and fields are persisted: do not rename.
export const RULE_STREAM_PREFIX = 'rule-';
export const ruleStream = (ruleId: string): string => `${RULE_STREAM_PREFIX}${ruleId}`;

/** `version` starts at 1 and grows by one with every change of the definition or of its Active flag. */
export type RuleCreated = AccessDomainEvent<
  'RuleCreated',
  { rule: RuleDefinition; version: number; copiedFromRuleId?: string; byUserId: string; at: EpochMs }
>;
export type RuleUpdated = AccessDomainEvent<
  'RuleUpdated',
  { rule: RuleDefinition; version: number; byUserId: string; at: EpochMs }
>;
export type RuleActivated = AccessDomainEvent<
  'RuleActivated',
  { ruleId: string; version: number; byUserId: string; at: EpochMs }
>;
export type RuleDeactivated = AccessDomainEvent<
  'RuleDeactivated',
  { ruleId: string; version: number; byUserId: string; at: EpochMs }
>;
export type RuleDeleted = AccessDomainEvent<'RuleDeleted', { ruleId: string; byUserId: string; at: EpochMs }>;

export type RuleEvent = RuleCreated | RuleUpdated | RuleActivated | RuleDeactivated | RuleDeleted;

export const RULE_EVENT_TYPES = [
  'RuleCreated',
  'RuleUpdated',
  'RuleActivated',
  'RuleDeactivated',
  'RuleDeleted',
] as const satisfies readonly RuleEvent['type'][];

type Unlisted = Exclude<RuleEvent['type'], (typeof RULE_EVENT_TYPES)[number]>;
export const allRuleEventTypesListed: [Unlisted] extends [never] ? true : Unlisted = true;

export const isRuleEventType = (type: string): type is RuleEvent['type'] =>
  (RULE_EVENT_TYPES as readonly string[]).includes(type);
