import type { RuleAction, RuleCondition, RuleDefinition, RuleDeviceKind } from '../rules/rule';
import { MANDATORY_STOP_ACTIONS, isRuleStopAction } from '../rules/rule';
import { assertNever } from '../shared/assert-never';
import { weekdayOf } from '../time-profiles/local-date';
import type { TimeProfile } from '../time-profiles/time-profile';
import { ALWAYS_TIME_PROFILE, ALWAYS_TIME_PROFILE_ID } from '../time-profiles/time-profile';
import { isWithinTimeProfile } from '../time-profiles/time-profile.evaluate';
import { localDayAt } from '../time-profiles/time-zone';
import type { InputEvent } from './input-event';
import type { CompiledRule, RuleIndex } from './rule-index';
import { candidateEntries, matchesSources } from './rule-index';
import { actionJobId, firingJobPart } from './rule-job-id';

export type RuleFiringPhase = 'start' | 'stop';

/** Devices an action acts on: resolved device ids, plus the categories of an "All <kind>" target (left unresolved). */
export type ResolvedTargets = Readonly<{ deviceIds: readonly string[]; allDeviceKinds: readonly RuleDeviceKind[] }>;

export type ResolvedAction = Readonly<{
  action: RuleAction;
  /** Listed devices, the event's device, or the metadata devices; for a stop action, the targets of its start. */
  targetDeviceIds: readonly string[];
  /** Marker for "All Cameras / ..." targets: the categories, resolved to devices by whoever dispatches the job. */
  allDeviceKinds: readonly RuleDeviceKind[];
  /** Delay of a durable (delayed job) action; 0 = now. */
  delayMs: number;
  /** Deterministic BullMQ job id (no ':'): the same events replayed give the same ids. */
  jobId: string;
}>;

export type RuleFiring = Readonly<{
  ruleId: string;
  ruleVersion: number;
  triggeringEventId: string;
  phase: RuleFiringPhase;
  /** The source the rule started on (`device/<id>`, `external` or `time`): with the start event, a session's key. */
  sourceKey: string;
  /** The event that started what this firing belongs to: the triggering event itself for a start. */
  startEventId: string;
  actions: readonly ResolvedAction[];
}>;

/** A rule started on one source and waiting for its stop event. */
export type StartedRule = Readonly<{
  ruleVersion: number;
  startEventId: string;
  startedAt: number;
  /** The resolved targets of each start action, by action type, so stop actions act on the same devices. */
  startTargets: readonly Readonly<{ actionType: RuleAction['type']; targets: ResolvedTargets }>[];
}>;

/** Rules started per (rule id, source key); a source key is `device/<id>` or `external`. */
export type EngineState = Readonly<{ started: ReadonlyMap<string, ReadonlyMap<string, StartedRule>> }>;

export const initialEngineState = (): EngineState => ({ started: new Map() });

export type EvaluationContext = Readonly<{
  timeProfiles: ReadonlyMap<string, TimeProfile>;
  /** IANA zone in which "Day of week is" is read; defaults to UTC. */
  timeZone?: string;
}>;

export type EventEvaluation = Readonly<{
  state: EngineState;
  firings: readonly RuleFiring[];
  /** Index entries looked at for this event: the rules that could match it, never the unrelated ones. */
  examined: number;
}>;

export const EXTERNAL_SOURCE_KEY = 'external';

/** The source an event is counted against for start/stop pairing. */
export const sourceKeyOf = (event: InputEvent): string =>
  event.deviceId === undefined ? EXTERNAL_SOURCE_KEY : `device/${event.deviceId}`;

const NO_TARGETS: ResolvedTargets = { deviceIds: [], allDeviceKinds: [] };

const unique = <T>(items: readonly T[]): readonly T[] => [...new Set(items)];

const union = (targets: readonly ResolvedTargets[]): ResolvedTargets =>
  targets.length === 1
    ? (targets[0] as ResolvedTargets)
    : {
        deviceIds: unique(targets.flatMap((t) => t.deviceIds)),
        allDeviceKinds: unique(targets.flatMap((t) => t.allDeviceKinds)),
      };

/** The targets of listed devices and of "All <kind>", which do not depend on the event: resolved once per action. */
const fixedTargets = new WeakMap<object, ResolvedTargets>();

const resolveFixed = (target: object, resolve: () => ResolvedTargets): ResolvedTargets => {
  let resolved = fixedTargets.get(target);
  if (resolved === undefined) {
    resolved = resolve();
    fixedTargets.set(target, resolved);
  }
  return resolved;
};

const resolveOwnTarget = (action: RuleAction, event: InputEvent): ResolvedTargets => {
  if (!('target' in action)) {
    return NO_TARGETS;
  }
  const target = action.target;
  switch (target.kind) {
    case 'devices':
      return resolveFixed(target, () => ({ deviceIds: unique(target.deviceIds), allDeviceKinds: [] }));
    case 'all':
      return resolveFixed(target, () => ({ deviceIds: [], allDeviceKinds: unique(target.deviceKinds) }));
    case 'eventDevice':
      return { deviceIds: event.deviceId === undefined ? [] : [event.deviceId], allDeviceKinds: [] };
    case 'metadataDevices':
      return { deviceIds: unique(event.metadataDeviceIds), allDeviceKinds: [] };
    default:
      return assertNever(target);
  }
};

/** A stop action acts on the targets of the start actions it stops (any start action when none matches its type). */
const resolveStopTarget = (action: RuleAction, event: InputEvent, started: StartedRule): ResolvedTargets => {
  if (!isRuleStopAction(action)) {
    return resolveOwnTarget(action, event);
  }
  const matching = started.startTargets.filter(
    (entry) => isStartType(entry.actionType) && MANDATORY_STOP_ACTIONS[entry.actionType] === action.type,
  );
  const stopped = matching.length > 0 ? matching : started.startTargets;
  return stopped.length === 1 ? (stopped[0]?.targets ?? NO_TARGETS) : union(stopped.map((entry) => entry.targets));
};

const isStartType = (type: RuleAction['type']): type is keyof typeof MANDATORY_STOP_ACTIONS =>
  Object.prototype.hasOwnProperty.call(MANDATORY_STOP_ACTIONS, type);

const isWithin = (profile: TimeProfile, at: number): boolean | undefined => {
  try {
    return isWithinTimeProfile(profile, at);
  } catch {
    return undefined; // an invalid profile is a broken reference: the condition does not hold
  }
};

const profileOf = (context: EvaluationContext, id: string): TimeProfile | undefined =>
  context.timeProfiles.get(id) ?? (id === ALWAYS_TIME_PROFILE_ID ? ALWAYS_TIME_PROFILE : undefined);

/**
 * Whether one condition holds at `at`. A missing or invalid time profile makes its condition false ("the rule does
 * not work if you have deleted that time profile", FEATURES 1.9.2). Time profiles are read in their own zone.
 */
export const conditionHolds = (condition: RuleCondition, at: number, context: EvaluationContext): boolean => {
  switch (condition.kind) {
    case 'withinTimeProfile': {
      const profile = profileOf(context, condition.timeProfileId);
      return profile !== undefined && isWithin(profile, at) === true;
    }
    case 'outsideTimeProfile': {
      const profile = profileOf(context, condition.timeProfileId);
      return profile !== undefined && isWithin(profile, at) === false;
    }
    case 'dayOfWeek':
      return (condition.days as readonly number[]).includes(weekdayOf(localDayAt(context.timeZone ?? 'UTC', at)));
    case 'always':
      return true;
    default:
      return assertNever(condition);
  }
};

/** All conditions must hold; no condition means always (FEATURES 1.3). */
export const conditionsHold = (rule: RuleDefinition, at: number, context: EvaluationContext): boolean =>
  rule.conditions.every((condition) => conditionHolds(condition, at, context));

/**
 * What the firings of one event share: the event, its source, and the encoded `<eventId>|<phase>|<source>` part of
 * their job ids, built once per phase for the event's own source instead of once per firing.
 */
type EventScope = {
  readonly event: InputEvent;
  readonly sourceKey: string;
  startPart?: string;
  stopPart?: string;
};

const scopeOf = (event: InputEvent, sourceKey: string): EventScope => ({ event, sourceKey });

const firingPartOf = (scope: EventScope, phase: RuleFiringPhase, sourceKey: string): string => {
  if (sourceKey !== scope.sourceKey) {
    return firingJobPart(scope.event.eventId, phase, sourceKey);
  }
  if (phase === 'start') {
    return (scope.startPart ??= firingJobPart(scope.event.eventId, phase, sourceKey));
  }
  return (scope.stopPart ??= firingJobPart(scope.event.eventId, phase, sourceKey));
};

/**
 * A firing of a rule's start actions (with the targets already resolved) or stop actions (targets resolved against
 * the start they stop), each action with its job id; `baseDelayMs` delays every action (an `afterSeconds` stop).
 */
const fire = (
  compiled: CompiledRule,
  scope: EventScope,
  sourceKey: string,
  phase: RuleFiringPhase,
  startedRule: StartedRule,
  baseDelayMs: number,
): RuleFiring => {
  const { event } = scope;
  const firingPart = firingPartOf(scope, phase, sourceKey);
  const actions = phase === 'start' ? compiled.rule.actions : (compiled.rule.stop?.actions ?? []);
  const resolved: ResolvedAction[] = [];
  for (let actionIndex = 0; actionIndex < actions.length; actionIndex++) {
    const action = actions[actionIndex] as RuleAction;
    const targets =
      phase === 'start'
        ? (startedRule.startTargets[actionIndex]?.targets ?? NO_TARGETS)
        : resolveStopTarget(action, event, startedRule);
    resolved.push({
      action,
      targetDeviceIds: targets.deviceIds,
      allDeviceKinds: targets.allDeviceKinds,
      delayMs: phase === 'start' ? 0 : baseDelayMs + (isRuleStopAction(action) ? action.delaySeconds * 1000 : 0),
      jobId: actionJobId(compiled.jobIdPrefix, firingPart, actionIndex, targets),
    });
  }
  return {
    ruleId: compiled.rule.id,
    ruleVersion: compiled.version,
    triggeringEventId: event.eventId,
    phase,
    sourceKey,
    startEventId: startedRule.startEventId,
    actions: resolved,
  };
};

export type StartedByRule = Map<string, ReadonlyMap<string, StartedRule>>;

/**
 * The started sources of a rule, writable within the fold that owns `state`: copied from the shared state the first
 * time the fold changes that rule, then changed in place.
 */
const writableSources = (state: OwnedEngineState, ruleId: string): Map<string, StartedRule> => {
  const current = state.started.get(ruleId);
  if (current !== undefined && state.copiedRules.has(ruleId)) {
    return current as Map<string, StartedRule>;
  }
  const copy = new Map(current);
  state.started.set(ruleId, copy);
  state.copiedRules.add(ruleId);
  return copy;
};

/** Fires the stop actions for the given started sources of a rule and forgets them. */
const stopSources = (
  compiled: CompiledRule,
  scope: EventScope,
  toStop: readonly (readonly [string, StartedRule])[],
  state: OwnedEngineState,
  firings: RuleFiring[],
): void => {
  const rule = compiled.rule;
  const remaining = writableSources(state, rule.id);
  for (const [key, startedRule] of toStop) {
    firings.push(fire(compiled, scope, key, 'stop', startedRule, 0));
    remaining.delete(key);
  }
  if (remaining.size === 0) {
    state.started.delete(rule.id);
    state.copiedRules.delete(rule.id);
  }
};

/**
 * Fires a rule's start actions for one source (its conditions already checked), with the delayed stop of an
 * `afterSeconds` criterion, and remembers the start when a later event or the interval's end must stop it.
 */
const startSource = (
  compiled: CompiledRule,
  scope: EventScope,
  sourceKey: string,
  state: OwnedEngineState,
  firings: RuleFiring[],
): void => {
  const rule = compiled.rule;
  const { event } = scope;
  const startedRule: StartedRule = {
    ruleVersion: compiled.version,
    startEventId: event.eventId,
    startedAt: event.at,
    startTargets: rule.actions.map((action) => ({
      actionType: action.type,
      targets: resolveOwnTarget(action, event),
    })),
  };
  firings.push(fire(compiled, scope, sourceKey, 'start', startedRule, 0));
  const criterion = rule.stop?.criterion;
  if (criterion?.kind === 'afterSeconds') {
    firings.push(fire(compiled, scope, sourceKey, 'stop', startedRule, criterion.seconds * 1000));
  } else if (criterion?.kind === 'onEvent' || criterion?.kind === 'intervalEnds') {
    writableSources(state, rule.id).set(sourceKey, startedRule);
  }
};

const byKey = ([a]: readonly [string, StartedRule], [b]: readonly [string, StartedRule]): number =>
  a < b ? -1 : a > b ? 1 : 0;

/**
 * Evaluates one event against the index, purely: the same state, event, index and context give the same result.
 *
 * Semantics (per rule and source, the source being the event's device or `External`):
 * - Start: the trigger matches and every condition holds at the event's time. With an `onEvent` stop criterion the
 *   rule is then started on that source, and further trigger events from the same source fire nothing until the stop
 *   event arrives (one start per stop, so "Record on Motion" does not restart on repeated MotionStarted).
 * - `onEvent` stop: fires the stop actions once, for the start on the stop event's source. When the stop event's
 *   source could never trigger the rule (e.g. start on a door sensor, stop on a user-defined event from External,
 *   or a time-interval rule stopped by an event), it stops every source the rule is started on. A stop for a rule
 *   that is not started fires nothing. Conditions do not gate stops (a start is always ended).
 * - `afterSeconds` stop: the stop actions come with the start, as delayed actions (`delayMs` = seconds + the stop
 *   action's own `delaySeconds`); nothing is kept in state, so every trigger event fires start and delayed stop.
 * - No stop, or `intervalEnds` (time-based rules, not indexed): every matching trigger event fires the actions.
 * - Stop actions act on the targets of the start actions they stop (StopRecording on the devices StartRecording
 *   used); stop-phase actions with their own target resolve it against the stopping event.
 * - If one event both stops and starts a rule, only the stop fires.
 */
export const evaluateEvent = (
  state: EngineState,
  event: InputEvent,
  index: RuleIndex,
  context: EvaluationContext,
): EventEvaluation => {
  const started = ownedEngineState(state);
  const firings: RuleFiring[] = [];
  const examined = evaluateEventInto(started, event, index, context, firings);
  return { state: started, firings, examined };
};

/**
 * Start/stop state owned by one fold (a batch of events): evaluated in place, so a batch copies the state once
 * instead of once per event (the copy grows with the number of started rules). Take it with `ownedEngineState`;
 * it is an EngineState, and must not be used after being handed on.
 */
export type OwnedEngineState = Readonly<{ started: StartedByRule; copiedRules: Set<string> }>;

export const ownedEngineState = (state: EngineState): OwnedEngineState => ({
  started: new Map(state.started),
  copiedRules: new Set(),
});

/** `evaluateEvent` on owned state: updates it, appends the firings, returns the number of entries examined. */
export const evaluateEventInto = (
  state: OwnedEngineState,
  event: InputEvent,
  index: RuleIndex,
  context: EvaluationContext,
  firings: RuleFiring[],
): number => {
  const { started } = state;
  const candidates = candidateEntries(index, event);
  if (candidates.length === 0) {
    return 0;
  }
  const sourceKey = sourceKeyOf(event);
  const scope = scopeOf(event, sourceKey);
  let stoppedNow: Set<string> | undefined;

  for (const { compiled, role } of candidates) {
    const rule = compiled.rule;
    if (role === 'stop') {
      const perRule = started.get(rule.id);
      if (perRule === undefined || compiled.stopSources === undefined) {
        continue;
      }
      const own = perRule.get(sourceKey);
      const toStop: (readonly [string, StartedRule])[] =
        own !== undefined
          ? [[sourceKey, own]]
          : compiled.triggerSources === undefined || !matchesSources(compiled.triggerSources, event)
            ? [...perRule.entries()].sort(byKey)
            : [];
      if (toStop.length === 0) {
        continue;
      }
      stopSources(compiled, scope, toStop, state, firings);
      (stoppedNow ??= new Set()).add(rule.id);
      continue;
    }
    if (
      stoppedNow?.has(rule.id) === true ||
      (rule.stop?.criterion?.kind === 'onEvent' && started.get(rule.id)?.has(sourceKey) === true) ||
      !conditionsHold(rule, event.at, context)
    ) {
      continue;
    }
    startSource(compiled, scope, sourceKey, state, firings);
  }
  return candidates.length;
};

/** The source key of time-interval and recurring triggers: a time rule is started once, not per device. */
export const TIME_SOURCE_KEY = 'time';

/** A due time trigger of one rule version, as recorded by RuleTimeTriggered (see time-triggers.ts). */
export type TimeTriggerOccurrence = Readonly<{
  eventId: string;
  ruleId: string;
  ruleVersion: number;
  edge: 'entering' | 'leaving' | 'recurring';
  dueAt: number;
  position: InputEvent['position'];
}>;

/**
 * Evaluates a due time trigger. It acts only for the rule version it was scheduled for (a changed rule has its own
 * schedule). Entering an interval (or a recurring time) fires the start actions when the rule's edge asks for it and
 * its conditions hold at that instant; leaving fires the actions of a "when time interval ends" rule, and the stop
 * actions of the start an `intervalEnds` criterion is waiting for.
 */
export const evaluateTimeTrigger = (
  state: EngineState,
  occurrence: TimeTriggerOccurrence,
  index: RuleIndex,
  context: EvaluationContext,
): Omit<EventEvaluation, 'examined'> => {
  const started = ownedEngineState(state);
  const firings: RuleFiring[] = [];
  evaluateTimeTriggerInto(started, occurrence, index, context, firings);
  return { state: started, firings };
};

/** `evaluateTimeTrigger` on owned state: updates it and appends the firings. */
export const evaluateTimeTriggerInto = (
  state: OwnedEngineState,
  occurrence: TimeTriggerOccurrence,
  index: RuleIndex,
  context: EvaluationContext,
  firings: RuleFiring[],
): void => {
  const compiled = index.rules.get(occurrence.ruleId);
  const trigger = compiled?.rule.trigger;
  if (compiled === undefined || compiled.version !== occurrence.ruleVersion || trigger?.kind === 'event') {
    return;
  }
  const event: InputEvent = {
    eventId: occurrence.eventId,
    type: 'RuleTimeTriggered',
    at: occurrence.dueAt,
    position: occurrence.position,
    external: false,
    metadataDeviceIds: [],
    firedEventIds: [],
  };
  const { started } = state;
  const rule = compiled.rule;
  const startedHere = started.get(rule.id)?.get(TIME_SOURCE_KEY);
  if (occurrence.edge === 'leaving' && startedHere !== undefined && rule.stop?.criterion?.kind === 'intervalEnds') {
    // As for events: an occurrence that stops the rule does not also start it (edge 'both' would otherwise start
    // on leaving and stay started until the next leaving, skipping every entry).
    stopSources(compiled, scopeOf(event, TIME_SOURCE_KEY), [[TIME_SOURCE_KEY, startedHere]], state, firings);
    return;
  }
  const acts =
    occurrence.edge === 'recurring' ||
    (trigger?.kind === 'timeInterval' && (trigger.edge === 'both' || trigger.edge === occurrence.edge));
  const waitingForStop = started.get(rule.id)?.has(TIME_SOURCE_KEY) === true;
  if (acts && !waitingForStop && conditionsHold(rule, occurrence.dueAt, context)) {
    startSource(compiled, scopeOf(event, TIME_SOURCE_KEY), TIME_SOURCE_KEY, state, firings);
  }
};
