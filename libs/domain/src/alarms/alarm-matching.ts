import type { InputEvent } from '../rule-engine/input-event';
import type { CompiledRuleSources, SourceBucket } from '../rule-engine/rule-index';
import { addToSourceBuckets, compileSources, forEachCandidateList } from '../rule-engine/rule-index';
import type { RuleEventSelection } from '../rules/rule';
import type { AlarmDefinition } from './alarm-definition';

/**
 * The alarm definitions an event can concern, indexed like the rules (libs/domain/src/rule-engine/rule-index.ts,
 * whose buckets it shares): by event type (and, for user-defined and generic events, the specific event id), then by
 * source. Looking up an event costs the entries that match its key and source, whatever the number of definitions.
 */

/** A definition at a version, as the catalog folds it from `alarmdefinition-<id>` streams. */
export type VersionedAlarmDefinition = Readonly<{ definition: AlarmDefinition; version: number }>;

/**
 * What an event can do to a definition, in the order they are applied for one event: close its open alarms from the
 * event's source (auto-close), deactivate it (its stop event), activate it (its start event), raise an alarm (its
 * triggering event). An event that both stops and starts a definition leaves it active; an event that both closes
 * and raises leaves one open alarm, the new one.
 */
export type AlarmIndexRole = 'autoClose' | 'stop' | 'start' | 'trigger';

const ROLE_ORDER: Readonly<Record<AlarmIndexRole, number>> = { autoClose: 0, stop: 1, start: 2, trigger: 3 };

export type CompiledAlarmDefinition = Readonly<{
  /** Position in the compiled list: candidates come out in this order. */
  ordinal: number;
  definition: AlarmDefinition;
  version: number;
}>;

export type AlarmIndexEntry = Readonly<{ compiled: CompiledAlarmDefinition; role: AlarmIndexRole }>;

export type AlarmDefinitionIndex = Readonly<{
  /** Every compiled definition by id (enabled or not: a disabled one still auto-closes the alarms it raised). */
  definitions: ReadonlyMap<string, CompiledAlarmDefinition>;
  /** Number of (definition, role, source) entries. */
  entryCount: number;
  buckets: ReadonlyMap<string, SourceBucket<AlarmIndexEntry>>;
}>;

/**
 * Compiles the index. Only enabled definitions raise alarms and follow their start and stop events ("By default,
 * the alarm definition is enabled. To disable it, clear the check box."); every definition keeps its auto-close
 * event, so that disabling a definition stops new alarms without leaving its open ones unclosable. `deviceGroups`
 * maps a group id to its devices, as for rules.
 */
export const compileAlarmDefinitionIndex = (
  definitions: readonly VersionedAlarmDefinition[],
  deviceGroups: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): AlarmDefinitionIndex => {
  const compiledById = new Map<string, CompiledAlarmDefinition>();
  const buckets = new Map<string, SourceBucket<AlarmIndexEntry>>();
  let entryCount = 0;
  const add = (selection: RuleEventSelection, entry: AlarmIndexEntry): void => {
    const sources: CompiledRuleSources = compileSources(selection.sources, deviceGroups);
    entryCount += addToSourceBuckets(buckets, selection, sources, entry);
  };
  for (const { definition, version } of definitions) {
    if (compiledById.has(definition.id)) {
      continue;
    }
    const compiled: CompiledAlarmDefinition = { ordinal: compiledById.size, definition, version };
    compiledById.set(definition.id, compiled);
    if (definition.autoCloseOn !== undefined) {
      add(definition.autoCloseOn, { compiled, role: 'autoClose' });
    }
    if (!definition.enabled) {
      continue;
    }
    if (definition.activation.kind === 'eventBased') {
      add(definition.activation.stop, { compiled, role: 'stop' });
      add(definition.activation.start, { compiled, role: 'start' });
    }
    add(definition.triggeringEvent, { compiled, role: 'trigger' });
  }
  return { definitions: compiledById, entryCount, buckets };
};

const inOrder = (a: AlarmIndexEntry, b: AlarmIndexEntry): number =>
  a.compiled.ordinal - b.compiled.ordinal || ROLE_ORDER[a.role] - ROLE_ORDER[b.role];

/**
 * The entries an event matches by key and source, each (definition, role) once, in definition order and, within a
 * definition, auto-close, stop, start, trigger.
 */
export const alarmCandidates = (index: AlarmDefinitionIndex, event: InputEvent): readonly AlarmIndexEntry[] => {
  const found: AlarmIndexEntry[] = [];
  let lists = 0;
  forEachCandidateList(index.buckets, event, (entries) => {
    lists += 1;
    found.push(...entries);
  });
  if (lists <= 1) {
    return found; // a list is built in definition order, a definition's entries added in role order
  }
  const unique = [...new Set(found)]; // an entry reached from two lists (a listed camera and "All Cameras") once
  return unique.sort(inOrder);
};
