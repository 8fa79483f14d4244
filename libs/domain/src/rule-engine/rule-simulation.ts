import type { StoredEvent } from '../event-store/event-store.port';
import type { RuleDefinition } from '../rules/rule';
import type { TimeProfile } from '../time-profiles/time-profile';
import type { DecidedFiring, EngineSettings, TriggerInfo } from './engine-step';
import { compileCatalog } from './engine-step';
import { emptyRuleCatalog } from './rule-catalog';
import type { InputEvent } from './input-event';
import { toInputEvent } from './input-event';
import type { RuleFiring, TimeTriggerOccurrence } from './rule-evaluation';
import { evaluateEventInto, evaluateTimeTriggerInto, initialEngineState, ownedEngineState } from './rule-evaluation';
import { nextTimeTrigger } from './time-triggers';

/** The event types a rule reacts to (its trigger and its stop event): all a simulation needs to read. */
export const ruleEventTypes = (rule: RuleDefinition): readonly string[] => [
  ...new Set([
    ...(rule.trigger.kind === 'event' ? [rule.trigger.eventType] : []),
    ...(rule.stop?.criterion?.kind === 'onEvent' ? [rule.stop.criterion.eventType] : []),
  ]),
];

/** Most time triggers one simulation computes (a recurring time every minute for a month stays below it). */
export const MAX_SIMULATED_TIME_TRIGGERS = 50_000;

type Step =
  | Readonly<{ at: number; kind: 'event'; event: InputEvent; correlationId: string }>
  | Readonly<{ at: number; kind: 'time'; occurrence: TimeTriggerOccurrence }>;

const correlationOf = (stored: StoredEvent): string =>
  typeof stored.metadata.correlationId === 'string' && stored.metadata.correlationId.length > 0
    ? stored.metadata.correlationId
    : stored.id;

/** The time triggers a rule would have had in [from, to]. */
const timeSteps = (
  rule: RuleDefinition,
  version: number,
  timeProfiles: ReadonlyMap<string, TimeProfile>,
  from: number,
  to: number,
): Step[] => {
  const steps: Step[] = [];
  let due = nextTimeTrigger(rule, version, timeProfiles, from - 1);
  while (due !== undefined && due.dueAt <= to && steps.length < MAX_SIMULATED_TIME_TRIGGERS) {
    steps.push({
      at: due.dueAt,
      kind: 'time',
      occurrence: {
        eventId: `simulated-${due.edge}-${due.dueAt}`,
        ruleId: rule.id,
        ruleVersion: version,
        edge: due.edge,
        dueAt: due.dueAt,
        position: { commit: 0n, prepare: 0n },
      },
    });
    due = nextTimeTrigger(rule, version, timeProfiles, due.dueAt);
  }
  return steps;
};

/**
 * What a rule, as now defined, would have done over stored events whose time lies in [from, to], and over the time
 * triggers it would have had then: its firings, in time order, from a state where nothing was started. Pure and
 * without side effects; an inactive rule is simulated as if it were active.
 */
export const simulateRule = (
  rule: RuleDefinition,
  version: number,
  timeProfiles: ReadonlyMap<string, TimeProfile>,
  stored: Iterable<StoredEvent>,
  range: Readonly<{ from: number; to: number }>,
  settings: EngineSettings,
): DecidedFiring[] => {
  const active = { ...rule, active: true };
  const index = compileCatalog(
    { ...emptyRuleCatalog(), rules: new Map([[rule.id, { rule: active, version }]]), timeProfiles },
    settings,
  );
  const steps: Step[] = timeSteps(active, version, timeProfiles, range.from, range.to);
  for (const event of stored) {
    const input = toInputEvent(event);
    if (input !== undefined && input.at >= range.from && input.at <= range.to) {
      steps.push({ at: input.at, kind: 'event', event: input, correlationId: correlationOf(event) });
    }
  }
  steps.sort((a, b) => a.at - b.at); // stable: events keep their global order at equal times
  const state = ownedEngineState(initialEngineState());
  const context = { timeProfiles, ...(settings.timeZone ? { timeZone: settings.timeZone } : {}) };
  const decided: DecidedFiring[] = [];
  for (const step of steps) {
    const fired: RuleFiring[] = [];
    let trigger: TriggerInfo;
    if (step.kind === 'event') {
      evaluateEventInto(state, step.event, index, context, fired);
      trigger = {
        eventId: step.event.eventId,
        type: step.event.type,
        at: step.event.at,
        correlationId: step.correlationId,
        ...(step.event.deviceId === undefined ? {} : { sourceDeviceId: step.event.deviceId }),
        metadataDeviceIds: step.event.metadataDeviceIds,
      };
    } else {
      evaluateTimeTriggerInto(state, step.occurrence, index, context, fired);
      trigger = {
        eventId: step.occurrence.eventId,
        type: 'RuleTimeTriggered',
        at: step.at,
        correlationId: step.occurrence.eventId,
        metadataDeviceIds: [],
      };
    }
    decided.push(...fired.map((firing) => ({ firing, rule: active, trigger })));
  }
  return decided;
};
