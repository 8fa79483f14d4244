import type { GlobalPosition } from '../event-store/global-position';
import type { StoredEvent } from '../event-store/event-store.port';
import type { RuleDefinition } from '../rules/rule';
import { decideEach, type SkippedEvent } from '../shared/skipped-event';
import { toInputEvent } from './input-event';
import type { RuleCatalog } from './rule-catalog';
import { emptyRuleCatalog, evolveRuleCatalog, isRuleCatalogEvent } from './rule-catalog';
import type { RuleTimeTriggered } from './rule-engine.events';
import { RULE_TIME_STREAM_PREFIX } from './rule-engine.events';
import type { EngineState, RuleFiring, StartedRule, TimeTriggerOccurrence } from './rule-evaluation';
import { evaluateEventInto, evaluateTimeTriggerInto, initialEngineState, ownedEngineState } from './rule-evaluation';
import type { RuleIndex } from './rule-index';
import { compileRuleIndex } from './rule-index';

/** Everything the engine knows between batches: the catalog, its compiled index, and start/stop state. */
export type EngineSnapshot = Readonly<{ catalog: RuleCatalog; index: RuleIndex; state: EngineState }>;

export type EngineSettings = Readonly<{
  /** Device groups besides those of the catalog's hardware (tests), expanded when the index is compiled. */
  deviceGroups: ReadonlyMap<string, ReadonlySet<string>>;
  /** IANA zone of "Day of week is" (time profiles carry their own zone). */
  timeZone?: string;
}>;

/** What made a rule fire, as its actions need it. */
export type TriggerInfo = Readonly<{
  eventId: string;
  type: string;
  at: number;
  correlationId: string;
  sourceDeviceId?: string;
  metadataDeviceIds: readonly string[];
}>;

export type DecidedFiring = Readonly<{ firing: RuleFiring; rule: RuleDefinition; trigger: TriggerInfo }>;

export type BatchDecision = Readonly<{
  snapshot: EngineSnapshot;
  firings: readonly DecidedFiring[];
  /** The last event of the batch: the checkpoint once the firings are dispatched. */
  position: GlobalPosition;
  /** Whether rules or time profiles changed in this batch (time triggers must be rescheduled). */
  catalogChanged: boolean;
  /** Events that could not be decided (malformed data the checks missed): skipped, so one never stops the engine. */
  skipped: readonly SkippedEvent[];
}>;

export const compileCatalog = (catalog: RuleCatalog, settings: EngineSettings): RuleIndex => {
  const rules = [...catalog.rules.values()];
  return compileRuleIndex(
    rules.map((entry) => entry.rule),
    new Map(rules.map((entry) => [entry.rule.id, entry.version])),
    new Map([...settings.deviceGroups, ...catalog.hardware.deviceGroups]),
  );
};

export const initialSnapshot = (
  settings: EngineSettings,
  catalog: RuleCatalog = emptyRuleCatalog(),
  state: EngineState = initialEngineState(),
): EngineSnapshot => ({ catalog, index: compileCatalog(catalog, settings), state });

/** The correlation id an effect of `stored` carries: its own correlation, or its id when it starts a chain. */
export const correlationOf = (stored: StoredEvent): string =>
  typeof stored.metadata.correlationId === 'string' && stored.metadata.correlationId.length > 0
    ? stored.metadata.correlationId
    : stored.id;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A stored RuleTimeTriggered as the evaluation needs it, or undefined when it is not one (or malformed). */
export const toTimeTriggerOccurrence = (stored: StoredEvent): TimeTriggerOccurrence | undefined => {
  if (stored.type !== 'RuleTimeTriggered' || !stored.streamId.startsWith(RULE_TIME_STREAM_PREFIX)) {
    return undefined;
  }
  const data = stored.data as Partial<RuleTimeTriggered['data']> | null;
  if (
    !isRecord(data) ||
    typeof data.ruleId !== 'string' ||
    typeof data.ruleVersion !== 'number' ||
    typeof data.dueAt !== 'number' ||
    (data.edge !== 'entering' && data.edge !== 'leaving' && data.edge !== 'recurring')
  ) {
    return undefined;
  }
  return {
    eventId: stored.id,
    ruleId: data.ruleId,
    ruleVersion: data.ruleVersion,
    edge: data.edge,
    dueAt: data.dueAt,
    position: stored.position,
  };
};

/**
 * One batch of the global order, purely: catalog events change the rules for the events after them (so a replay
 * decides exactly as the first run did), time triggers and input events are evaluated in order, and every firing
 * comes out with what its actions need. Events that are neither are skipped.
 */
export const decideBatch = (
  snapshot: EngineSnapshot,
  batch: readonly StoredEvent[],
  settings: EngineSettings,
): BatchDecision => {
  let { catalog, index } = snapshot;
  // Copied once per batch and updated in place by each event (a copy per event would cost O(started rules)).
  const state = ownedEngineState(snapshot.state);
  let stale = false;
  let catalogChanged = false;
  const firings: DecidedFiring[] = [];
  const context = () => ({
    timeProfiles: catalog.timeProfiles,
    ...(settings.timeZone ? { timeZone: settings.timeZone } : {}),
  });
  const currentIndex = (): RuleIndex => {
    if (stale) {
      index = compileCatalog(catalog, settings);
      stale = false;
    }
    return index;
  };
  /** Evaluates one input with `evaluate`, keeping its firings with the rule and what triggered them. */
  const collect = (evaluate: (firings: RuleFiring[]) => void, trigger: TriggerInfo): void => {
    const fired: RuleFiring[] = [];
    evaluate(fired);
    for (const firing of fired) {
      const rule = index.rules.get(firing.ruleId)?.rule;
      if (rule !== undefined) {
        firings.push({ firing, rule, trigger });
      }
    }
  };
  const decideOne = (stored: StoredEvent): void => {
    if (isRuleCatalogEvent(stored)) {
      catalog = evolveRuleCatalog(catalog, [stored]);
      stale = true;
      catalogChanged = true;
      return;
    }
    const occurrence = toTimeTriggerOccurrence(stored);
    if (occurrence !== undefined) {
      const ruleIndex = currentIndex();
      collect((fired) => evaluateTimeTriggerInto(state, occurrence, ruleIndex, context(), fired), {
        eventId: stored.id,
        type: stored.type,
        at: occurrence.dueAt,
        correlationId: correlationOf(stored),
        metadataDeviceIds: [],
      });
      return;
    }
    const input = toInputEvent(stored);
    if (input === undefined) {
      return;
    }
    const ruleIndex = currentIndex();
    collect((fired) => evaluateEventInto(state, input, ruleIndex, context(), fired), {
      eventId: input.eventId,
      type: input.type,
      at: input.at,
      correlationId: correlationOf(stored),
      ...(input.deviceId === undefined ? {} : { sourceDeviceId: input.deviceId }),
      metadataDeviceIds: input.metadataDeviceIds,
    });
  };
  const skipped = decideEach(batch, decideOne);
  const last = batch.at(-1);
  if (last === undefined) {
    throw new Error('decideBatch needs a non-empty batch');
  }
  currentIndex();
  return { snapshot: { catalog, index, state }, firings, position: last.position, catalogChanged, skipped };
};

/** The start/stop state as JSON (persisted with the checkpoint): `[ruleId, [[sourceKey, StartedRule]...]]...`. */
export type SerializedEngineState = readonly (readonly [string, readonly (readonly [string, StartedRule])[]])[];

export const serializeEngineState = (state: EngineState): SerializedEngineState =>
  [...state.started.entries()].map(([ruleId, perSource]) => [ruleId, [...perSource.entries()]] as const);

const isTargets = (value: unknown): boolean =>
  isRecord(value) &&
  Array.isArray(value.deviceIds) &&
  value.deviceIds.every((id) => typeof id === 'string') &&
  Array.isArray(value.allDeviceKinds) &&
  value.allDeviceKinds.every((kind) => typeof kind === 'string');

const isStartedRule = (value: unknown): value is StartedRule =>
  isRecord(value) &&
  typeof value.ruleVersion === 'number' &&
  typeof value.startEventId === 'string' &&
  typeof value.startedAt === 'number' &&
  Array.isArray(value.startTargets) &&
  value.startTargets.every(
    (entry: unknown) => isRecord(entry) && typeof entry.actionType === 'string' && isTargets(entry.targets),
  );

/**
 * The state from its JSON. Entries that are not of the serialized shape (a hand-edited or corrupt row) are dropped,
 * so a start waiting for its stop may be forgotten, but the engine never fails on it.
 */
export const parseEngineState = (json: unknown): EngineState => {
  const started = new Map<string, ReadonlyMap<string, StartedRule>>();
  if (!Array.isArray(json)) {
    return { started };
  }
  for (const entry of json as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) {
      continue;
    }
    const perSource = new Map<string, StartedRule>();
    for (const source of entry[1] as unknown[]) {
      if (Array.isArray(source) && typeof source[0] === 'string' && isStartedRule(source[1])) {
        perSource.set(source[0], source[1]);
      }
    }
    if (perSource.size > 0) {
      started.set(entry[0], perSource);
    }
  }
  return { started };
};
