import {
  emptyHardwareCatalog,
  evolveHardwareCatalog,
  HARDWARE_EVENT_TYPES,
  HARDWARE_STREAM_PREFIXES,
  isHardwareEvent,
  type HardwareCatalog,
} from '../cameras/hardware-catalog';
import type { EventFilter, StoredEvent } from '../event-store/event-store.port';
import type { GlobalPosition } from '../event-store/global-position';
import { ALARM_ACTIONS_QUEUE, alarmJobId, type AlarmJob } from '../jobs/alarm-jobs';
import { correlationOf } from '../rule-engine/engine-step';
import { toInputEvent, type InputEvent } from '../rule-engine/input-event';
import { applyTimeProfileEvent } from '../rule-engine/rule-catalog';
import { conditionHolds, sourceKeyOf } from '../rule-engine/rule-evaluation';
import { decideEach, type SkippedEvent } from '../shared/skipped-event';
import type { TimeProfile } from '../time-profiles/time-profile';
import type { TimeProfileEvent } from '../time-profiles/time-profile.events';
import {
  isTimeProfileEventType,
  TIME_PROFILE_EVENT_TYPES,
  TIME_PROFILE_STREAM_PREFIX,
} from '../time-profiles/time-profile.events';
import type { AlarmDefinition } from './alarm-definition';
import type { AlarmDefinitionEvent } from './alarm-definition.events';
import {
  ALARM_DEFINITION_EVENT_TYPES,
  ALARM_DEFINITION_STREAM_PREFIX,
  isAlarmDefinitionEventType,
} from './alarm-definition.events';
import type { AlarmIndexEntry, VersionedAlarmDefinition, AlarmDefinitionIndex } from './alarm-matching';
import { alarmCandidates, compileAlarmDefinitionIndex } from './alarm-matching';
import { ALARM_STATE_LEVELS } from './alarm-settings';
import type { AlarmState, RaiseAlarm } from './alarm.decider';
import { ALARM_STREAM_PREFIX } from './alarm.events';

/**
 * The alarm engine, purely (FEATURES 5.1, 5.3): batches of the global order in, decisions out. An event raises an
 * alarm for each enabled definition whose triggering event and source it matches while the definition is active
 * (within its time profile at the event's time, or between its start and stop events); it closes the open alarms of
 * each definition whose auto-close event it is, from the same source. Alarm ids derive from (definition, version,
 * triggering event), so deciding the same events again (a replay after a restart) raises the same alarms, which the
 * alarm decider raises once. Decisions depend on the events only: no clock, no I/O.
 */

// ---------------------------------------------------------------------------------------------------------------
// The catalog: definitions, time profiles and the hardware (device groups), folded from the global order.

export type AlarmCatalog = Readonly<{
  definitions: ReadonlyMap<string, VersionedAlarmDefinition>;
  timeProfiles: ReadonlyMap<string, TimeProfile>;
  hardware: HardwareCatalog;
}>;

export const emptyAlarmCatalog = (): AlarmCatalog => ({
  definitions: new Map(),
  timeProfiles: new Map(),
  hardware: emptyHardwareCatalog(),
});

/** The events the catalog is folded from. */
export const ALARM_CATALOG_FILTER: EventFilter = {
  streamPrefixes: [ALARM_DEFINITION_STREAM_PREFIX, TIME_PROFILE_STREAM_PREFIX, ...HARDWARE_STREAM_PREFIXES],
  eventTypes: [...ALARM_DEFINITION_EVENT_TYPES, ...TIME_PROFILE_EVENT_TYPES, ...HARDWARE_EVENT_TYPES],
};

export const isAlarmCatalogEvent = (stored: Pick<StoredEvent, 'type' | 'streamId'>): boolean =>
  (stored.streamId.startsWith(ALARM_DEFINITION_STREAM_PREFIX) && isAlarmDefinitionEventType(stored.type)) ||
  (stored.streamId.startsWith(TIME_PROFILE_STREAM_PREFIX) && isTimeProfileEventType(stored.type)) ||
  isHardwareEvent(stored);

const applyAlarmDefinitionEvent = (
  definitions: Map<string, VersionedAlarmDefinition>,
  event: AlarmDefinitionEvent,
): void => {
  switch (event.type) {
    case 'AlarmDefinitionCreated':
    case 'AlarmDefinitionUpdated':
      definitions.set(event.data.definition.id, { definition: event.data.definition, version: event.data.version });
      return;
    case 'AlarmDefinitionDeleted':
      definitions.delete(event.data.alarmDefinitionId);
      return;
    default:
      return;
  }
};

/** Folds catalog events (others are ignored); returns the same catalog when none of `events` concerns it. */
export const evolveAlarmCatalog = (catalog: AlarmCatalog, events: readonly StoredEvent[]): AlarmCatalog => {
  const relevant = events.filter(isAlarmCatalogEvent);
  if (relevant.length === 0) {
    return catalog;
  }
  const definitions = new Map(catalog.definitions);
  const timeProfiles = new Map(catalog.timeProfiles);
  for (const stored of relevant) {
    if (isAlarmDefinitionEventType(stored.type)) {
      applyAlarmDefinitionEvent(definitions, { type: stored.type, data: stored.data } as AlarmDefinitionEvent);
    } else if (isTimeProfileEventType(stored.type)) {
      applyTimeProfileEvent(timeProfiles, { type: stored.type, data: stored.data } as TimeProfileEvent);
    }
  }
  return { definitions, timeProfiles, hardware: evolveHardwareCatalog(catalog.hardware, relevant) };
};

// ---------------------------------------------------------------------------------------------------------------
// State kept between batches (persisted with the engine's checkpoint).

/** An open alarm the engine raised and may close itself: its definition has an auto-close event. */
export type TrackedAlarm = Readonly<{ alarmDefinitionId: string; sourceKey: string }>;

export type AlarmEngineState = Readonly<{
  /** Event-based definitions now active (started and not stopped since), by id: what activated them. */
  active: ReadonlyMap<string, Readonly<{ startEventId: string; since: number }>>;
  /**
   * Open alarms of definitions with an auto-close event, by alarm id: added when raised, removed when the engine
   * closes them or when AlarmClosed (an operator closing it) passes in the global order.
   */
  open: ReadonlyMap<string, TrackedAlarm>;
}>;

export const initialAlarmEngineState = (): AlarmEngineState => ({ active: new Map(), open: new Map() });

export type SerializedAlarmEngineState = Readonly<{
  active: readonly (readonly [string, string, number])[];
  open: readonly (readonly [string, string, string])[];
}>;

export const serializeAlarmEngineState = (state: AlarmEngineState): SerializedAlarmEngineState => ({
  active: [...state.active].map(([id, { startEventId, since }]) => [id, startEventId, since] as const),
  open: [...state.open].map(([alarmId, { alarmDefinitionId, sourceKey }]) => [alarmId, alarmDefinitionId, sourceKey]),
});

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The state from its JSON; entries not of the serialized shape (a hand-edited row) are dropped, never fatal. */
export const parseAlarmEngineState = (json: unknown): AlarmEngineState => {
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const rows = (value: unknown): unknown[][] =>
    Array.isArray(value) ? value.filter((row): row is unknown[] => Array.isArray(row)) : [];
  const active = new Map<string, { startEventId: string; since: number }>();
  for (const [id, startEventId, since] of rows(record.active)) {
    if (isText(id) && isText(startEventId) && typeof since === 'number') {
      active.set(id, { startEventId, since });
    }
  }
  const open = new Map<string, TrackedAlarm>();
  for (const [alarmId, alarmDefinitionId, sourceKey] of rows(record.open)) {
    if (isText(alarmId) && isText(alarmDefinitionId) && isText(sourceKey)) {
      open.set(alarmId, { alarmDefinitionId, sourceKey });
    }
  }
  return { active, open };
};

// ---------------------------------------------------------------------------------------------------------------
// Decisions.

/** The event a decision is made on, as the effects need it. */
export type AlarmTrigger = Readonly<{
  eventId: string;
  type: string;
  at: number;
  correlationId: string;
  /** `device/<id>` or `external`: the alarm's source, against which its auto-close event is matched. */
  sourceKey: string;
  sourceDeviceId?: string;
}>;

export type RaiseDecision = Readonly<{
  kind: 'raise';
  alarmId: string;
  definition: AlarmDefinition;
  version: number;
  trigger: AlarmTrigger;
  /** The command for the alarm decider on `alarm-<alarmId>` (which raises an alarm id once). */
  command: RaiseAlarm;
}>;

export type AutoCloseDecision = Readonly<{
  kind: 'autoClose';
  alarmId: string;
  alarmDefinitionId: string;
  trigger: AlarmTrigger;
}>;

export type AlarmDecision = RaiseDecision | AutoCloseDecision;

export type AlarmEngineSnapshot = Readonly<{
  catalog: AlarmCatalog;
  index: AlarmDefinitionIndex;
  state: AlarmEngineState;
}>;

export type AlarmEngineSettings = Readonly<{
  deviceGroups: ReadonlyMap<string, ReadonlySet<string>>;
  /** The alarm id of an alarm key (`alarmKey`): a pure function, for example a name-based UUID. */
  alarmIdOf: (alarmKey: string) => string;
}>;

export type AlarmBatchDecision = Readonly<{
  snapshot: AlarmEngineSnapshot;
  decisions: readonly AlarmDecision[];
  /** The last event of the batch: the checkpoint once the decisions are carried out. */
  position: GlobalPosition;
  skipped: readonly SkippedEvent[];
}>;

/** `alarm|<definitionId>|v<version>|<triggeringEventId>`, parts URI-encoded: what an alarm id is derived from. */
export const alarmKey = (alarmDefinitionId: string, version: number, triggeringEventId: string): string =>
  `alarm|${encodeURIComponent(alarmDefinitionId)}|v${version}|${encodeURIComponent(triggeringEventId)}`;

export const compileAlarmCatalog = (
  catalog: AlarmCatalog,
  settings: Pick<AlarmEngineSettings, 'deviceGroups'>,
): AlarmDefinitionIndex =>
  compileAlarmDefinitionIndex(
    [...catalog.definitions.values()],
    new Map([...settings.deviceGroups, ...catalog.hardware.deviceGroups]),
  );

export const initialAlarmSnapshot = (
  settings: Pick<AlarmEngineSettings, 'deviceGroups'>,
  catalog: AlarmCatalog = emptyAlarmCatalog(),
  state: AlarmEngineState = initialAlarmEngineState(),
): AlarmEngineSnapshot => ({ catalog, index: compileAlarmCatalog(catalog, settings), state });

/** Whether a definition is active at `at`: within its time profile (a missing one never is), or started. */
export const isAlarmDefinitionActive = (
  definition: AlarmDefinition,
  at: number,
  state: AlarmEngineState,
  timeProfiles: ReadonlyMap<string, TimeProfile>,
): boolean =>
  definition.activation.kind === 'timeProfile'
    ? conditionHolds({ kind: 'withinTimeProfile', timeProfileId: definition.activation.timeProfileId }, at, {
        timeProfiles,
      })
    : state.active.has(definition.id);

const raiseCommand = (alarmId: string, definition: AlarmDefinition, trigger: AlarmTrigger): RaiseAlarm => ({
  type: 'RaiseAlarm',
  data: {
    alarmId,
    alarmDefinitionId: definition.id,
    name: definition.name,
    priority: definition.initialPriority,
    ...(definition.categoryLevel === undefined ? {} : { categoryLevel: definition.categoryLevel }),
    ...(definition.initialOwnerId === undefined ? {} : { initialOwnerId: definition.initialOwnerId }),
    relatedCameraIds: definition.relatedCameraIds,
    triggeringEventId: trigger.eventId,
    ...(trigger.sourceDeviceId === undefined ? {} : { sourceDeviceId: trigger.sourceDeviceId }),
    now: trigger.at,
  },
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The alarm an AlarmClosed (or AlarmExpired: an open alarm's retention) in the global order ended, else undefined. */
const closedAlarmId = (stored: StoredEvent): string | undefined =>
  (stored.type === 'AlarmClosed' || stored.type === 'AlarmExpired') &&
  stored.streamId.startsWith(ALARM_STREAM_PREFIX) &&
  isRecord(stored.data) &&
  isText(stored.data.alarmId)
    ? stored.data.alarmId
    : undefined;

const bySourceKey = (alarmDefinitionId: string, sourceKey: string): string => `${alarmDefinitionId}\n${sourceKey}`;

/**
 * One batch of the global order: definition and time-profile changes apply to the events after them (so a replay
 * decides as the first run did); each input event is matched through the index; AlarmClosed events forget the alarm
 * they close. Events that fail to decide (malformed data the checks missed) are skipped and reported.
 */
export const decideAlarmBatch = (
  snapshot: AlarmEngineSnapshot,
  batch: readonly StoredEvent[],
  settings: AlarmEngineSettings,
): AlarmBatchDecision => {
  let { catalog, index } = snapshot;
  let stale = false;
  // Copied once per batch and updated in place by each event.
  const active = new Map(snapshot.state.active);
  const open = new Map(snapshot.state.open);
  const openBySource = new Map<string, Set<string>>();
  const track = (alarmId: string, tracked: TrackedAlarm): void => {
    open.set(alarmId, tracked);
    const key = bySourceKey(tracked.alarmDefinitionId, tracked.sourceKey);
    const set = openBySource.get(key);
    if (set === undefined) {
      openBySource.set(key, new Set([alarmId]));
    } else {
      set.add(alarmId);
    }
  };
  const forget = (alarmId: string): void => {
    const tracked = open.get(alarmId);
    if (tracked !== undefined) {
      open.delete(alarmId);
      openBySource.get(bySourceKey(tracked.alarmDefinitionId, tracked.sourceKey))?.delete(alarmId);
    }
  };
  for (const [alarmId, tracked] of snapshot.state.open) {
    track(alarmId, tracked);
  }
  const state: AlarmEngineState = { active, open };
  const decisions: AlarmDecision[] = [];

  const currentIndex = (): AlarmDefinitionIndex => {
    if (stale) {
      index = compileAlarmCatalog(catalog, settings);
      stale = false;
    }
    return index;
  };

  const apply = (entry: AlarmIndexEntry, input: InputEvent, trigger: AlarmTrigger): void => {
    const { definition, version } = entry.compiled;
    switch (entry.role) {
      case 'autoClose': {
        const ids = openBySource.get(bySourceKey(definition.id, trigger.sourceKey));
        for (const alarmId of [...(ids ?? [])]) {
          forget(alarmId);
          decisions.push({ kind: 'autoClose', alarmId, alarmDefinitionId: definition.id, trigger });
        }
        return;
      }
      case 'stop':
        active.delete(definition.id);
        return;
      case 'start':
        active.set(definition.id, { startEventId: input.eventId, since: input.at });
        return;
      case 'trigger': {
        if (!isAlarmDefinitionActive(definition, input.at, state, catalog.timeProfiles)) {
          return;
        }
        const alarmId = settings.alarmIdOf(alarmKey(definition.id, version, input.eventId));
        decisions.push({
          kind: 'raise',
          alarmId,
          definition,
          version,
          trigger,
          command: raiseCommand(alarmId, definition, trigger),
        });
        if (definition.autoCloseOn !== undefined) {
          track(alarmId, { alarmDefinitionId: definition.id, sourceKey: trigger.sourceKey });
        }
        return;
      }
      default:
        return;
    }
  };

  const decideOne = (stored: StoredEvent): void => {
    if (isAlarmCatalogEvent(stored)) {
      catalog = evolveAlarmCatalog(catalog, [stored]);
      stale = true;
      return;
    }
    const closed = closedAlarmId(stored);
    if (closed !== undefined) {
      forget(closed);
      return;
    }
    const input = toInputEvent(stored);
    if (input === undefined) {
      return;
    }
    const candidates = alarmCandidates(currentIndex(), input);
    if (candidates.length === 0) {
      return;
    }
    const trigger: AlarmTrigger = {
      eventId: input.eventId,
      type: input.type,
      at: input.at,
      correlationId: correlationOf(stored),
      sourceKey: sourceKeyOf(input),
      ...(input.deviceId === undefined ? {} : { sourceDeviceId: input.deviceId }),
    };
    for (const entry of candidates) {
      apply(entry, input, trigger);
    }
  };

  const skipped = decideEach(batch, decideOne);
  const last = batch.at(-1);
  if (last === undefined) {
    throw new Error('decideAlarmBatch needs a non-empty batch');
  }
  return { snapshot: { catalog, index: currentIndex(), state }, decisions, position: last.position, skipped };
};

// ---------------------------------------------------------------------------------------------------------------
// Jobs of a raised alarm, and the escalation's check.

export type PlannedAlarmJob = Readonly<{ queue: string; job: AlarmJob; jobId: string; dueAt: number }>;

/**
 * The jobs a raised alarm issues (queue `alarm-actions`): its "events triggered by alarm" at once, and the
 * escalation after the operator action time limit, which is "not active before you have attached an event in the
 * Events triggered drop-down" (S2:14193): no event, no escalation. `raisedEventId` is the AlarmRaised event.
 */
export const planAlarmJobs = (raise: RaiseDecision, raisedEventId: string): PlannedAlarmJob[] => {
  const { definition, version, trigger, alarmId } = raise;
  const deviceIds = [
    ...new Set([
      ...(trigger.sourceDeviceId === undefined ? [] : [trigger.sourceDeviceId]),
      ...definition.relatedCameraIds,
    ]),
  ];
  const base = {
    alarmId,
    alarmDefinitionId: definition.id,
    alarmDefinitionVersion: version,
    deviceIds,
    causationId: raisedEventId,
    correlationId: trigger.correlationId,
  };
  const jobs: PlannedAlarmJob[] = [];
  const add = (job: AlarmJob): void => {
    jobs.push({ queue: ALARM_ACTIONS_QUEUE, job, jobId: alarmJobId(job), dueAt: job.data.at });
  };
  if (definition.eventsTriggeredByAlarm.length > 0) {
    add({
      name: 'TriggerAlarmEvents',
      data: { ...base, userDefinedEventIds: definition.eventsTriggeredByAlarm, at: trigger.at },
    });
  }
  const { timeLimitSeconds, eventsTriggered } = definition.operatorAction;
  if (eventsTriggered.length > 0) {
    add({
      name: 'EscalateAlarm',
      data: { ...base, userDefinedEventIds: eventsTriggered, at: trigger.at + timeLimitSeconds * 1_000 },
    });
  }
  return jobs;
};

/**
 * Whether a due escalation still fires: only while the alarm is open and New. Acknowledging it, moving it to another
 * state or closing it is handling it, which cancels the escalation.
 */
export const shouldEscalate = (state: AlarmState): boolean =>
  state.status === 'Open' && state.stateLevel === ALARM_STATE_LEVELS.new;
