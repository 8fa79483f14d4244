import type { RuleDefinition, RuleRecurrence } from '../rules/rule';
import { assertNever } from '../shared/assert-never';
import { DAY_MS, MINUTE_MS, parseLocalDate, parseTimeOfDay } from '../time-profiles/local-date';
import { compileRecurrence, occursOn } from '../time-profiles/recurrence';
import type { TimeProfile } from '../time-profiles/time-profile';
import { ALWAYS_TIME_PROFILE_ID } from '../time-profiles/time-profile';
import { nextTransition } from '../time-profiles/time-profile.evaluate';
import { instantOfWallClock, localDayAt } from '../time-profiles/time-zone';

/** When a time-based rule is next due: entering or leaving its time profile, or its recurring time. */
export type TimeTriggerDue = Readonly<{
  ruleId: string;
  ruleVersion: number;
  edge: 'entering' | 'leaving' | 'recurring';
  dueAt: number;
}>;

/** How far ahead a schedule looks for the next occurrence (a monthly pattern every 12 months still fits). */
const HORIZON_DAYS = 800;

/** The transitions of the profile that matter to the rule: its trigger edges, and the end for an `intervalEnds` stop. */
const wantedEdges = (rule: RuleDefinition): ReadonlySet<'entering' | 'leaving'> => {
  const edges = new Set<'entering' | 'leaving'>();
  if (rule.trigger.kind === 'timeInterval') {
    if (rule.trigger.edge !== 'leaving') {
      edges.add('entering');
    }
    if (rule.trigger.edge !== 'entering' || rule.stop?.criterion?.kind === 'intervalEnds') {
      edges.add('leaving');
    }
  }
  return edges;
};

/** The first local occurrence of a recurring time strictly after `after`, in its zone (DST: see instantOfWallClock). */
export const nextRecurrence = (recurrence: RuleRecurrence, after: number): number | undefined => {
  const minute = parseTimeOfDay(recurrence.at);
  if (minute === undefined || parseLocalDate(recurrence.startDate) === undefined) {
    return undefined;
  }
  const compiled = compileRecurrence({
    type: 'recurring',
    startTime: recurrence.at,
    endTime: recurrence.at,
    pattern: recurrence.pattern,
    range: { startDate: recurrence.startDate, end: { kind: 'never' } },
  });
  const firstDay = Math.max(localDayAt(recurrence.timeZone, after) - 1, compiled.firstDay);
  for (let day = firstDay; day <= firstDay + HORIZON_DAYS; day++) {
    if (!occursOn(compiled, day)) {
      continue;
    }
    const at = instantOfWallClock(recurrence.timeZone, day * DAY_MS + minute * MINUTE_MS);
    if (at > after) {
      return at;
    }
  }
  return undefined;
};

/**
 * The next time trigger of an active time-based rule strictly after `after`, or undefined: event rules, inactive
 * rules, a missing profile or Always (which is never entered or left), and nothing due within the horizon.
 */
export const nextTimeTrigger = (
  rule: RuleDefinition,
  ruleVersion: number,
  timeProfiles: ReadonlyMap<string, TimeProfile>,
  after: number,
): TimeTriggerDue | undefined => {
  if (!rule.active) {
    return undefined;
  }
  const trigger = rule.trigger;
  switch (trigger.kind) {
    case 'event':
      return undefined;
    case 'recurring': {
      const dueAt = nextRecurrence(trigger.recurrence, after);
      return dueAt === undefined ? undefined : { ruleId: rule.id, ruleVersion, edge: 'recurring', dueAt };
    }
    case 'timeInterval': {
      const profile = timeProfiles.get(trigger.timeProfileId);
      if (profile === undefined || trigger.timeProfileId === ALWAYS_TIME_PROFILE_ID) {
        return undefined;
      }
      const wanted = wantedEdges(rule);
      const limit = after + HORIZON_DAYS * DAY_MS;
      let from = after;
      while (from < limit) {
        const transition = nextTransition(profile, from, Math.ceil((limit - from) / DAY_MS));
        if (transition === undefined) {
          return undefined;
        }
        const edge = transition.entering ? 'entering' : 'leaving';
        if (wanted.has(edge)) {
          return { ruleId: rule.id, ruleVersion, edge, dueAt: transition.at };
        }
        from = transition.at;
      }
      return undefined;
    }
    default:
      return assertNever(trigger);
  }
};
