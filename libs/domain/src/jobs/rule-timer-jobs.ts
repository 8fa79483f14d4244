import type { TimeTriggerDue } from '../rule-engine/time-triggers';
import { InvalidJobPayloadError } from './job-payload.errors';
import { payloadReader } from './job-payload.parse';

/**
 * Durable timers of the rule engine: a delayed job per due time trigger (entering or leaving a time profile, a
 * recurring time). When it runs, RuleTimeTriggered is appended and the engine evaluates it. Persisted: do not rename.
 */
export const RULE_TIMERS_QUEUE = 'rule-timers'; // persisted: do not rename
export const TIME_TRIGGER_DUE_JOB = 'TimeTriggerDue'; // persisted: do not rename

/** Deterministic: one job per (rule, version, edge, instant), however often the schedule is computed. */
export const timeTriggerJobId = (due: TimeTriggerDue): string =>
  ['time', due.ruleId, `v${due.ruleVersion}`, due.edge, String(due.dueAt)].map(encodeURIComponent).join('|');

export const parseTimeTriggerDueJob = (name: string, raw: unknown): TimeTriggerDue => {
  if (name !== TIME_TRIGGER_DUE_JOB) {
    throw new InvalidJobPayloadError(name, 'unknown job name');
  }
  const read = payloadReader(name, raw);
  return {
    ruleId: read.text('ruleId'),
    ruleVersion: read.integer('ruleVersion', 0, 2 ** 31 - 1),
    edge: read.oneOf('edge', ['entering', 'leaving', 'recurring'] as const),
    dueAt: read.integer('dueAt', 0, Number.MAX_SAFE_INTEGER),
  };
};
