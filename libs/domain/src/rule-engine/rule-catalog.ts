import type { HardwareCatalog } from '../cameras/hardware-catalog';
import {
  emptyHardwareCatalog,
  evolveHardwareCatalog,
  HARDWARE_EVENT_TYPES,
  HARDWARE_STREAM_PREFIXES,
  isHardwareEvent,
} from '../cameras/hardware-catalog';
import type { StoredEvent } from '../event-store/event-store.port';
import type { EventFilter } from '../event-store/event-store.port';
import type { RuleDefinition } from '../rules/rule';
import type { RuleEvent } from '../rules/rule.events';
import { isRuleEventType, RULE_EVENT_TYPES, RULE_STREAM_PREFIX } from '../rules/rule.events';
import type { TimeProfile } from '../time-profiles/time-profile';
import type { TimeProfileEvent } from '../time-profiles/time-profile.events';
import {
  isTimeProfileEventType,
  TIME_PROFILE_EVENT_TYPES,
  TIME_PROFILE_STREAM_PREFIX,
} from '../time-profiles/time-profile.events';

export type VersionedRule = Readonly<{ rule: RuleDefinition; version: number }>;

/**
 * What the engine evaluates against: every rule (active or not) with its version, the time profiles, and the
 * hardware (device groups for rule sources, cameras for "All Cameras" and for the recorder of each device).
 */
export type RuleCatalog = Readonly<{
  rules: ReadonlyMap<string, VersionedRule>;
  timeProfiles: ReadonlyMap<string, TimeProfile>;
  hardware: HardwareCatalog;
}>;

export const emptyRuleCatalog = (): RuleCatalog => ({
  rules: new Map(),
  timeProfiles: new Map(),
  hardware: emptyHardwareCatalog(),
});

/** The events the catalog is folded from. */
export const RULE_CATALOG_FILTER: EventFilter = {
  streamPrefixes: [RULE_STREAM_PREFIX, TIME_PROFILE_STREAM_PREFIX, ...HARDWARE_STREAM_PREFIXES],
  eventTypes: [...RULE_EVENT_TYPES, ...TIME_PROFILE_EVENT_TYPES, ...HARDWARE_EVENT_TYPES],
};

export const isRuleCatalogEvent = (stored: Pick<StoredEvent, 'type' | 'streamId'>): boolean =>
  (stored.streamId.startsWith(RULE_STREAM_PREFIX) && isRuleEventType(stored.type)) ||
  (stored.streamId.startsWith(TIME_PROFILE_STREAM_PREFIX) && isTimeProfileEventType(stored.type)) ||
  isHardwareEvent(stored);

const applyRuleEvent = (rules: Map<string, VersionedRule>, event: RuleEvent): void => {
  switch (event.type) {
    case 'RuleCreated':
    case 'RuleUpdated':
      rules.set(event.data.rule.id, { rule: event.data.rule, version: event.data.version });
      return;
    case 'RuleActivated':
    case 'RuleDeactivated': {
      const current = rules.get(event.data.ruleId);
      if (current !== undefined) {
        rules.set(event.data.ruleId, {
          rule: { ...current.rule, active: event.type === 'RuleActivated' },
          version: event.data.version,
        });
      }
      return;
    }
    case 'RuleDeleted':
      rules.delete(event.data.ruleId);
      return;
    default:
      return;
  }
};

/** Applies one time-profile event to a map of profiles by id (shared with the alarm engine's catalog). */
export const applyTimeProfileEvent = (profiles: Map<string, TimeProfile>, event: TimeProfileEvent): void => {
  switch (event.type) {
    case 'TimeProfileCreated':
    case 'TimeProfileUpdated':
      profiles.set(event.data.profile.id, event.data.profile);
      return;
    case 'TimeProfileDeleted':
      profiles.delete(event.data.timeProfileId);
      return;
    default:
      return;
  }
};

/**
 * Folds catalog events (others are ignored) into a new catalog; the maps are copied once per call, so fold a batch
 * at a time. Returns the same catalog when no event of the batch concerns it.
 */
export const evolveRuleCatalog = (catalog: RuleCatalog, events: readonly StoredEvent[]): RuleCatalog => {
  const relevant = events.filter(isRuleCatalogEvent);
  if (relevant.length === 0) {
    return catalog;
  }
  const rules = new Map(catalog.rules);
  const timeProfiles = new Map(catalog.timeProfiles);
  for (const stored of relevant) {
    if (isRuleEventType(stored.type)) {
      applyRuleEvent(rules, { type: stored.type, data: stored.data } as RuleEvent);
    } else if (isTimeProfileEventType(stored.type)) {
      applyTimeProfileEvent(timeProfiles, { type: stored.type, data: stored.data } as TimeProfileEvent);
    }
  }
  return { rules, timeProfiles, hardware: evolveHardwareCatalog(catalog.hardware, relevant) };
};
