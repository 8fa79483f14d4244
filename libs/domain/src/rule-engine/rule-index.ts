import type { RuleDefinition, RuleDeviceKind, RuleEventSelection, RuleEventSources } from '../rules/rule';
import { assertNever } from '../shared/assert-never';
import type { InputEvent } from './input-event';
import { ruleJobIdPrefix } from './rule-job-id';

/** The sources of one event selection, flattened: device groups are expanded into their devices at compile time. */
export type CompiledRuleSources = Readonly<{
  deviceIds: ReadonlySet<string>;
  deviceKinds: ReadonlySet<RuleDeviceKind>;
  external: boolean;
}>;

/** An active rule as the engine sees it; `ordinal` is its position in the compiled list (evaluation order). */
export type CompiledRule = Readonly<{
  ordinal: number;
  rule: RuleDefinition;
  version: number;
  /** `ruleJobIdPrefix(rule.id, version)`, computed once. */
  jobIdPrefix: string;
  /** Sources of the event trigger; undefined for time-interval and recurring triggers. */
  triggerSources?: CompiledRuleSources;
  /** Sources of the "Perform stop action on <event>" criterion; undefined for other stop criteria. */
  stopSources?: CompiledRuleSources;
}>;

export type RuleIndexRole = 'start' | 'stop';

/** One way a rule can match an event: its trigger ('start') or its stop event ('stop'). */
export type RuleIndexEntry = Readonly<{ compiled: CompiledRule; role: RuleIndexRole }>;

/**
 * The entries of one event key (event type, or type and specific event id) by source: device id, device kind,
 * External. Shared by the rule index and the alarm definition index (libs/domain/src/alarms/alarm-matching.ts).
 */
export type SourceBucket<E> = {
  readonly byDevice: Map<string, E[]>;
  readonly byKind: Map<RuleDeviceKind, E[]>;
  readonly external: E[];
};

type Bucket = SourceBucket<RuleIndexEntry>;

/**
 * Active rules with an event trigger or an event stop criterion, keyed by event type (and, for user-defined and
 * generic events, by the specific event id), then by source: device id, device kind, External. Looking up an event
 * costs the number of entries that match its key and source, independent of every other rule.
 */
export type RuleIndex = Readonly<{
  /** Compiled active rules by id (including time-based ones, which have no index entries). */
  rules: ReadonlyMap<string, CompiledRule>;
  /** Number of (rule, role, source) entries in the index. */
  entryCount: number;
  buckets: ReadonlyMap<string, Bucket>;
}>;

/** The index key of an event selection: its event type, and the specific event id when it names one. */
export const eventSelectionKey = (eventType: string, eventId?: string): string =>
  eventId === undefined ? eventType : `${eventType}\n${eventId}`;

const keyOf = eventSelectionKey;

/** The sources of a selection, device groups expanded into their devices (an unknown group matches no device). */
export const compileSources = (
  sources: RuleEventSources,
  deviceGroups: ReadonlyMap<string, ReadonlySet<string>>,
): CompiledRuleSources => {
  switch (sources.kind) {
    case 'all':
      return { deviceIds: new Set(), deviceKinds: new Set(sources.deviceKinds), external: false };
    case 'devices':
      return { deviceIds: new Set(sources.deviceIds), deviceKinds: new Set(), external: false };
    case 'deviceGroups':
      return {
        deviceIds: new Set(sources.groupIds.flatMap((groupId) => [...(deviceGroups.get(groupId) ?? [])])),
        deviceKinds: new Set(),
        external: false,
      };
    case 'external':
      return { deviceIds: new Set(), deviceKinds: new Set(), external: true };
    default:
      return assertNever(sources);
  }
};

/** Whether an event comes from one of the sources (the `from <sources>` clause). */
export const matchesSources = (sources: CompiledRuleSources, event: InputEvent): boolean =>
  (event.external && sources.external) ||
  (event.deviceId !== undefined && sources.deviceIds.has(event.deviceId)) ||
  (event.deviceKind !== undefined && sources.deviceKinds.has(event.deviceKind));

const push = <K, E>(map: Map<K, E[]>, key: K, entry: E): void => {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [entry]);
  } else {
    list.push(entry);
  }
};

/** Adds `entry` under the selection's key for each of its sources; returns the number of (entry, source) added. */
export const addToSourceBuckets = <E>(
  buckets: Map<string, SourceBucket<E>>,
  selection: Readonly<{ eventType: string; eventId?: string }>,
  sources: CompiledRuleSources,
  entry: E,
): number => {
  const key = keyOf(selection.eventType, selection.eventId);
  let bucket = buckets.get(key);
  if (bucket === undefined) {
    bucket = { byDevice: new Map(), byKind: new Map(), external: [] };
    buckets.set(key, bucket);
  }
  let added = 0;
  for (const deviceId of sources.deviceIds) {
    push(bucket.byDevice, deviceId, entry);
    added++;
  }
  for (const kind of sources.deviceKinds) {
    push(bucket.byKind, kind, entry);
    added++;
  }
  if (sources.external) {
    bucket.external.push(entry);
    added++;
  }
  return added;
};

/**
 * Calls `take` with each non-empty list of entries an event can match: under its keys (its type, and its type with
 * each fired event id), for its device, its device kind and, when it came from outside, External. An entry may be
 * in several lists; each list keeps the order it was built in.
 */
export const forEachCandidateList = <E>(
  buckets: ReadonlyMap<string, SourceBucket<E>>,
  event: InputEvent,
  take: (entries: readonly E[]) => void,
): void => {
  const takeIfAny = (entries: readonly E[] | undefined): void => {
    if (entries !== undefined && entries.length > 0) {
      take(entries);
    }
  };
  const lookUp = (key: string): void => {
    const bucket = buckets.get(key);
    if (bucket === undefined) {
      return;
    }
    if (event.deviceId !== undefined) {
      takeIfAny(bucket.byDevice.get(event.deviceId));
    }
    if (event.deviceKind !== undefined) {
      takeIfAny(bucket.byKind.get(event.deviceKind));
    }
    if (event.external) {
      takeIfAny(bucket.external);
    }
  };
  lookUp(event.type);
  for (const firedEventId of event.firedEventIds) {
    lookUp(keyOf(event.type, firedEventId));
  }
};

/**
 * Compiles the index. Only `active` rules are compiled (a deactivated rule "is not applied", FEATURES 1.1.8). A rule
 * missing from `versions` gets version 0. `deviceGroups` maps a group id to its devices; an unknown group matches no
 * device, so recompile when groups change.
 */
export const compileRuleIndex = (
  rules: readonly RuleDefinition[],
  versions: ReadonlyMap<string, number>,
  deviceGroups: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): RuleIndex => {
  const compiledRules = new Map<string, CompiledRule>();
  const buckets = new Map<string, Bucket>();
  let entryCount = 0;
  const add = (selection: RuleEventSelection, sources: CompiledRuleSources, entry: RuleIndexEntry): void => {
    entryCount += addToSourceBuckets(buckets, selection, sources, entry);
  };
  for (const rule of rules) {
    if (!rule.active || compiledRules.has(rule.id)) {
      continue;
    }
    const trigger = rule.trigger.kind === 'event' ? rule.trigger : undefined;
    const criterion = rule.stop?.criterion?.kind === 'onEvent' ? rule.stop.criterion : undefined;
    const triggerSources = trigger === undefined ? undefined : compileSources(trigger.sources, deviceGroups);
    const stopSources = criterion === undefined ? undefined : compileSources(criterion.sources, deviceGroups);
    const compiled: CompiledRule = {
      ordinal: compiledRules.size,
      rule,
      version: versions.get(rule.id) ?? 0,
      jobIdPrefix: ruleJobIdPrefix(rule.id, versions.get(rule.id) ?? 0),
      ...(triggerSources === undefined ? {} : { triggerSources }),
      ...(stopSources === undefined ? {} : { stopSources }),
    };
    compiledRules.set(rule.id, compiled);
    if (trigger !== undefined && triggerSources !== undefined) {
      add(trigger, triggerSources, { compiled, role: 'start' });
    }
    if (criterion !== undefined && stopSources !== undefined) {
      add(criterion, stopSources, { compiled, role: 'stop' });
    }
  }
  // Every list in evaluation order, so that an event whose entries all come from one list (nearly every event)
  // takes that list as it is.
  for (const bucket of buckets.values()) {
    bucket.byDevice.forEach(sortEntries);
    bucket.byKind.forEach(sortEntries);
    sortEntries(bucket.external);
  }
  return { rules: compiledRules, entryCount, buckets };
};

const ROLE_ORDER: Readonly<Record<RuleIndexRole, number>> = { stop: 0, start: 1 };

/** Rule order, with a rule's stop before its start (so that an event that stops a rule does not restart it). */
const inEvaluationOrder = (a: RuleIndexEntry, b: RuleIndexEntry): number =>
  a.compiled.ordinal - b.compiled.ordinal || ROLE_ORDER[a.role] - ROLE_ORDER[b.role];

const sortEntries = (entries: RuleIndexEntry[]): void => {
  entries.sort(inEvaluationOrder);
};

const NO_ENTRIES: readonly RuleIndexEntry[] = [];

/**
 * The index entries an event can match, each (rule, role) once, in rule order with a rule's stop before its start.
 * Only the event's keys (its type, and its type with each fired event id) and sources are looked at.
 */
export const candidateEntries = (index: RuleIndex, event: InputEvent): readonly RuleIndexEntry[] => {
  const lists: (readonly RuleIndexEntry[])[] = [];
  forEachCandidateList(index.buckets, event, (entries) => lists.push(entries));
  if (lists.length <= 1) {
    return lists[0] ?? NO_ENTRIES; // already in evaluation order, and an entry is in a list once
  }
  // Several lists (a camera's own rules and the "All Cameras" ones, or two fired definitions): merged in
  // evaluation order, each entry once.
  return lists.reduce(mergeInOrder);
};

/** Two lists in evaluation order merged into one, an entry present in both taken once. */
const mergeInOrder = (left: readonly RuleIndexEntry[], right: readonly RuleIndexEntry[]): RuleIndexEntry[] => {
  const merged: RuleIndexEntry[] = [];
  let l = 0;
  let r = 0;
  while (l < left.length && r < right.length) {
    const a = left[l] as RuleIndexEntry;
    const b = right[r] as RuleIndexEntry;
    const order = inEvaluationOrder(a, b);
    merged.push(order <= 0 ? a : b);
    l += order <= 0 ? 1 : 0;
    r += order >= 0 ? 1 : 0;
  }
  for (; l < left.length; l++) {
    merged.push(left[l] as RuleIndexEntry);
  }
  for (; r < right.length; r++) {
    merged.push(right[r] as RuleIndexEntry);
  }
  return merged;
};
