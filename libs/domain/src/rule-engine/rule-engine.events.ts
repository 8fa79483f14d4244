import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { RuleActionType } from '../rules/rule';
import type { RuleFiringPhase } from './rule-evaluation';

// Event type names, fields and stream prefixes are persisted: do not rename.
export const RULE_FIRING_STREAM_PREFIX = 'rulefiring-'; // one stream per UTC day
export const RULE_TIME_STREAM_PREFIX = 'ruletime-'; // one stream per rule: its due time triggers

export const ruleFiringStream = (at: EpochMs): string =>
  `${RULE_FIRING_STREAM_PREFIX}${new Date(at).toISOString().slice(0, 10)}`;
export const ruleTimeStream = (ruleId: string): string => `${RULE_TIME_STREAM_PREFIX}${ruleId}`;

/** Where an action's job went: the rule engine's own queue, or the queue of the recorder of each device. */
export type IssuedJob = Readonly<{ queue: string; name: string; jobId: string; delayMs: number }>;

/**
 * A rule fired (FEATURES 1): what caused it, which rule version, and the jobs it issued. Metadata: causationId = the
 * triggering event, correlationId = the triggering event's correlation. The trace of an event reads these.
 */
export type RuleFired = AccessDomainEvent<
  'RuleFired',
  {
    ruleId: string;
    ruleName: string;
    ruleVersion: number;
    phase: RuleFiringPhase;
    triggeringEventId: string;
    triggeringEventType: string;
    sourceKey: string;
    startEventId: string;
    actions: readonly Readonly<{ type: RuleActionType; deviceIds: readonly string[]; jobs: readonly IssuedJob[] }>[];
    at: EpochMs;
  }
>;

/**
 * A time-based rule became due: entering or leaving its time profile, or its recurring time. Appended when the
 * delayed job scheduled for that instant runs, with an id derived from (rule, version, edge, instant), so it is
 * recorded once however often it is scheduled; the rule engine evaluates it like any other event.
 */
export type RuleTimeTriggered = AccessDomainEvent<
  'RuleTimeTriggered',
  { ruleId: string; ruleVersion: number; edge: 'entering' | 'leaving' | 'recurring'; dueAt: EpochMs; at: EpochMs }
>;

export type RuleEngineEvent = RuleFired | RuleTimeTriggered;
