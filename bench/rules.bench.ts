/**
 * Evaluation throughput of the pure rule engine (libs/domain rule-engine): compileRuleIndex once, then
 * evaluateEventInto over a pre-built array of InputEvents in batches of 1,000 (the size of the event store's
 * subscription batches, which the rule engine decides one at a time, owning the state for the batch), carrying the
 * engine state from one event to the next, with 10, 1,000 and 10,000 active rules. The reference is
 * json-rules-engine evaluating the same 1,000 rules, written as its facts and conditions, on the same events in the
 * same run. Needs no database (`npm run bench -- rules` creates one anyway); it writes bench/results/rules.json.
 *
 * The site of up to 1,000 rules: 100 cameras, 50 inputs, 200 user-defined and 200 generic event definitions, and an
 * office-hours weekly profile (Mon-Fri 08:00-17:00, Europe/Copenhagen) used by a quarter of the rules; larger rule
 * sets come with a proportionally larger site (see siteFor). Events span about 3.5 days from a Monday morning, so
 * conditions are both true and false. Motion events alternate start/stop per camera.
 *
 * The reference does less than the engine: json-rules-engine only says which rules match, while the engine also
 * pairs starts with stops (state), resolves targets and builds deterministic job ids for every action.
 */
import { performance } from 'node:perf_hooks';
import type {
  EngineState,
  EvaluationContext,
  InputEvent,
  RuleDefinition,
  RuleEventSources,
  ScheduleTimeProfile,
  StoredEvent,
  TimeProfile,
} from '@vigil/domain';
import {
  compileRuleIndex,
  evaluateEventInto,
  initialEngineState,
  isWithinTimeProfile,
  ownedEngineState,
  toInputEvent,
  type RuleFiring,
} from '@vigil/domain';
import { Engine } from 'json-rules-engine';
import type { RuleProperties, TopLevelCondition } from 'json-rules-engine';
import {
  checkTargets,
  elapsedMs,
  machineInfo,
  median,
  perSecond,
  printReport,
  round,
  writeReport,
} from './bench-report';

const BENCHMARK = 'rules';
/** Events decided with one copy of the state: the event store's subscription batch size. */
const BATCH_SIZE = 1_000;

/** What a site has: devices and event definitions, and how many of its rules record on motion of every camera. */
type Site = Readonly<{
  cameras: number;
  inputs: number;
  userDefinedEvents: number;
  genericEvents: number;
  /** One rule in this many is an "All Cameras" motion rule (the rest name one camera, input or event). */
  allCamerasEvery: number;
}>;

/** The site of 1,000 rules (and of fewer): 100 cameras, about 10 rules per camera, one "All Cameras" rule in 200. */
const BASE_SITE: Site = { cameras: 100, inputs: 50, userDefinedEvents: 200, genericEvents: 200, allCamerasEvery: 200 };
const BASE_SITE_RULES = 1_000;

/**
 * A site's rules grow with its devices: a site with 10,000 rules is a site with about 1,000 cameras, not 100
 * cameras with 100 rules each. So above 1,000 rules the devices and definitions grow with the rules, and the
 * "All Cameras" rules stay as many as the 1,000-rule site has (5): the rules that can match an event stay about as
 * many, and the rules that cannot match grow tenfold, which is what the index must make free. The other way, the
 * 10,000 rules on the 100-camera site, is measured too (`*_fixed_site`): there every motion event fires about 66
 * rules, and its figure is the cost of those firings.
 */
const siteFor = (rules: number): Site => {
  const scale = Math.max(1, rules / BASE_SITE_RULES);
  return {
    cameras: Math.round(BASE_SITE.cameras * scale),
    inputs: Math.round(BASE_SITE.inputs * scale),
    userDefinedEvents: Math.round(BASE_SITE.userDefinedEvents * scale),
    genericEvents: Math.round(BASE_SITE.genericEvents * scale),
    allCamerasEvery: Math.round(BASE_SITE.allCamerasEvery * scale),
  };
};

const SIZES = {
  events: 200_000,
  warmupEvents: 20_000,
  /** The engine runs over all events this many times per rule count; the median is reported. */
  rounds: 3,
  referenceRules: 1_000,
  referenceWarmupEvents: 300,
  referenceEvents: 2_000,
  /** A round evaluates at most `events`, and fewer when the warm-up says it would take longer than this. */
  roundBudgetMs: 4_000,
  /** Milliseconds between two events. */
  eventSpacingMs: 1_500,
} as const;

const RULE_COUNTS = [10, 1_000, 10_000] as const;

const TARGETS = {
  eps_10000: 100_000,
  ratio_vs_ref_1000: 10,
};

/** Monday 2 March 2026, 06:00 in Copenhagen. */
const FIRST_EVENT_AT = Date.UTC(2026, 2, 2, 5, 0, 0);

const progress = (line: string): void => console.log(`[${BENCHMARK}] ${line}`);

const pad = (value: number, width = 4): string => String(value).padStart(width, '0');
const cameraId = (site: Site, n: number): string => `camera-${pad(n % site.cameras)}`;
const inputId = (site: Site, n: number): string => `input-${pad(n % site.inputs)}`;
const userDefinedEventId = (site: Site, n: number): string => `ude-${pad(n % site.userDefinedEvents)}`;
const genericEventId = (site: Site, n: number): string => `ge-${pad(n % site.genericEvents)}`;

const OFFICE_HOURS: ScheduleTimeProfile = {
  id: 'tp-office-hours',
  name: 'Office hours',
  description: 'Monday to Friday, 08:00-17:00',
  timeZone: 'Europe/Copenhagen',
  kind: 'schedule',
  entries: [
    {
      type: 'recurring',
      startTime: '08:00',
      endTime: '17:00',
      pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [1, 2, 3, 4, 5] },
      range: { startDate: '2026-01-01', end: { kind: 'never' } },
    },
  ],
};

const CONTEXT: EvaluationContext = {
  timeProfiles: new Map<string, TimeProfile>([[OFFICE_HOURS.id, OFFICE_HOURS]]),
  timeZone: 'Europe/Copenhagen',
};

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so that every run sees the same events. */
const randomGenerator = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

// ---------------------------------------------------------------------------------------------------------------
// Rules

const allCameras: RuleEventSources = { kind: 'all', deviceKinds: ['cameras'] };
const external: RuleEventSources = { kind: 'external' };
const device = (id: string): RuleEventSources => ({ kind: 'devices', deviceIds: [id] });
const withinOffice = { kind: 'withinTimeProfile', timeProfileId: OFFICE_HOURS.id } as const;
const outsideOffice = { kind: 'outsideTimeProfile', timeProfileId: OFFICE_HOURS.id } as const;

/**
 * Rule number `n` of a deterministic mix: 45% record on motion of one camera (start/stop pair, a quarter only in
 * office hours), 15% input activated on one input (output for 10 s, half outside office hours), 15% a user-defined
 * event (notification), 15% a generic event (PTZ preset, a third in office hours), 10% a notification on motion of
 * one camera in office hours; one rule in `site.allCamerasEvery` records on motion of every camera.
 */
const ruleNumber = (site: Site, n: number): RuleDefinition => {
  const id = `rule-${pad(n, 5)}`;
  const common = { id, name: `Rule ${n}`, description: '', active: true } as const;
  if (n % site.allCamerasEvery === 0) {
    return {
      ...common,
      trigger: { kind: 'event', eventType: 'MotionStarted', sources: allCameras },
      conditions: [],
      actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }],
      stop: {
        criterion: { kind: 'onEvent', eventType: 'MotionStopped', sources: allCameras },
        actions: [{ type: 'StopRecording', delaySeconds: 3 }],
      },
    };
  }
  const slot = n % 20;
  // Spread over the devices and definitions so that every one of them has rules.
  const spread = Math.floor(n / 20) * 7 + slot;
  if (slot <= 8) {
    const camera = device(cameraId(site, spread));
    return {
      ...common,
      trigger: { kind: 'event', eventType: 'MotionStarted', sources: camera },
      conditions: n % 4 === 0 ? [withinOffice] : [],
      actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }],
      stop: {
        criterion: { kind: 'onEvent', eventType: 'MotionStopped', sources: camera },
        actions: [{ type: 'StopRecording', delaySeconds: 3 }],
      },
    };
  }
  if (slot <= 11) {
    return {
      ...common,
      trigger: { kind: 'event', eventType: 'InputActivated', sources: device(inputId(site, spread)) },
      conditions: n % 2 === 0 ? [outsideOffice] : [],
      actions: [
        { type: 'ActivateOutput', outputIds: [`output-${pad(spread % 20)}`] },
        { type: 'MakeLogEntry', text: '$DeviceName$ activated' },
      ],
      stop: {
        criterion: { kind: 'afterSeconds', seconds: 10 },
        actions: [{ type: 'DeactivateOutput', outputIds: [`output-${pad(spread % 20)}`] }],
      },
    };
  }
  if (slot <= 14) {
    return {
      ...common,
      trigger: {
        kind: 'event',
        eventType: 'UserDefinedEventTriggered',
        eventId: userDefinedEventId(site, spread),
        sources: external,
      },
      conditions: [],
      actions: [
        { type: 'SendNotification', notificationProfileId: 'np-operators', imagesFrom: { kind: 'metadataDevices' } },
      ],
    };
  }
  if (slot <= 17) {
    return {
      ...common,
      trigger: {
        kind: 'event',
        eventType: 'GenericEventReceived',
        eventId: genericEventId(site, spread),
        sources: external,
      },
      conditions: n % 3 === 0 ? [withinOffice] : [],
      actions: [
        {
          type: 'MoveToPreset',
          presetId: 'preset-door',
          priority: 100,
          target: { kind: 'devices', deviceIds: [cameraId(site, spread)] },
        },
      ],
    };
  }
  return {
    ...common,
    trigger: { kind: 'event', eventType: 'MotionStarted', sources: device(cameraId(site, spread)) },
    conditions: [withinOffice],
    actions: [{ type: 'SendNotification', notificationProfileId: 'np-security', imagesFrom: { kind: 'eventDevice' } }],
  };
};

const makeRules = (site: Site, count: number): RuleDefinition[] =>
  Array.from({ length: count }, (_, n) => ruleNumber(site, n));

// ---------------------------------------------------------------------------------------------------------------
// Events

const stored = (sequence: number, type: string, streamId: string, data: Record<string, unknown>): StoredEvent => ({
  id: `event-${sequence}`,
  type,
  data: { ...data, at: FIRST_EVENT_AT + sequence * SIZES.eventSpacingMs },
  metadata: { correlationId: `correlation-${sequence}` },
  streamId,
  revision: BigInt(sequence),
  position: { commit: BigInt(sequence + 1), prepare: BigInt(sequence + 1) },
  recordedAt: new Date(FIRST_EVENT_AT + sequence * SIZES.eventSpacingMs),
});

/**
 * The stored events of the mix, normalised with toInputEvent (not timed): 60% motion (each camera alternates
 * MotionStarted/MotionStopped), 15% InputActivated, 12% UserDefinedEventTriggered (with the camera in its metadata),
 * 13% GenericEventReceived (one fired definition, sometimes two).
 */
const makeEvents = (site: Site, count: number): InputEvent[] => {
  const random = randomGenerator(20_260_302);
  const pick = (size: number): number => Math.floor(random() * size);
  const moving = new Set<number>();
  const events: InputEvent[] = [];
  for (let sequence = 0; sequence < count; sequence += 1) {
    const kind = random();
    let event: StoredEvent;
    if (kind < 0.6) {
      const camera = pick(site.cameras);
      const stopping = moving.has(camera);
      if (stopping) {
        moving.delete(camera);
      } else {
        moving.add(camera);
      }
      event = stored(sequence, stopping ? 'MotionStopped' : 'MotionStarted', cameraId(site, camera), {
        cameraId: cameraId(site, camera),
      });
    } else if (kind < 0.75) {
      event = stored(sequence, 'InputActivated', 'inputs', { deviceId: inputId(site, pick(site.inputs)) });
    } else if (kind < 0.87) {
      event = stored(sequence, 'UserDefinedEventTriggered', 'external-2026-03-02', {
        userDefinedEventId: userDefinedEventId(site, pick(site.userDefinedEvents)),
        deviceIds: [cameraId(site, pick(site.cameras))],
      });
    } else {
      const fired = [{ genericEventId: genericEventId(site, pick(site.genericEvents)) }];
      if (random() < 0.2) {
        fired.push({ genericEventId: genericEventId(site, pick(site.genericEvents)) });
      }
      event = stored(sequence, 'GenericEventReceived', 'external-2026-03-02', { fired });
    }
    const input = toInputEvent(event);
    if (input === undefined) {
      throw new Error(`the engine ignores event ${sequence} (${event.type}): the mix is wrong`);
    }
    events.push(input);
  }
  return events;
};

// ---------------------------------------------------------------------------------------------------------------
// The engine

type EngineRun = Readonly<{
  eps: number;
  events: number;
  firings: number;
  actions: number;
  examined: number;
  startedRules: number;
}>;

/** Evaluates `events` in order from `state`, carrying the state through; returns the state and what fired. */
const evaluateAll = (events: readonly InputEvent[], index: ReturnType<typeof compileRuleIndex>) => {
  let state: EngineState = initialEngineState();
  let firings = 0;
  let actions = 0;
  let examined = 0;
  for (let start = 0; start < events.length; start += BATCH_SIZE) {
    const owned = ownedEngineState(state);
    for (const event of events.slice(start, start + BATCH_SIZE)) {
      const fired: RuleFiring[] = [];
      examined += evaluateEventInto(owned, event, index, CONTEXT, fired);
      firings += fired.length;
      for (const firing of fired) {
        actions += firing.actions.length;
      }
    }
    state = owned;
  }
  return { state, firings, actions, examined };
};

const measureEngine = (
  rules: readonly RuleDefinition[],
  allEvents: readonly InputEvent[],
): EngineRun & { rounds: number[] } => {
  let events = allEvents;
  const index = compileRuleIndex(rules, new Map());
  const probeStartedAt = performance.now();
  evaluateAll(events.slice(0, SIZES.warmupEvents), index);
  // A slow engine gets fewer events (the first ones), so that a round takes about SIZES.roundBudgetMs.
  const probeEps = perSecond(SIZES.warmupEvents, elapsedMs(probeStartedAt));
  const measured = events.slice(
    0,
    Math.min(events.length, Math.max(SIZES.warmupEvents, Math.floor((probeEps * SIZES.roundBudgetMs) / 1_000))),
  );
  events = measured;
  const rounds: number[] = [];
  let last: ReturnType<typeof evaluateAll> | undefined;
  for (let index_ = 0; index_ < SIZES.rounds; index_ += 1) {
    const startedAt = performance.now();
    const result = evaluateAll(events, index);
    rounds.push(perSecond(events.length, elapsedMs(startedAt)));
    if (last !== undefined && last.firings !== result.firings) {
      throw new Error(`round ${index_ + 1} fired ${result.firings} times, the previous one ${last.firings}`);
    }
    last = result;
  }
  return {
    eps: median(rounds),
    rounds,
    events: events.length,
    firings: last?.firings ?? 0,
    actions: last?.actions ?? 0,
    examined: last?.examined ?? 0,
    startedRules: last?.state.started.size ?? 0,
  };
};

// ---------------------------------------------------------------------------------------------------------------
// The reference: json-rules-engine with the same rules

const sourceCondition = (sources: RuleEventSources) => {
  switch (sources.kind) {
    case 'all':
      return { fact: 'deviceKind', operator: 'in', value: [...sources.deviceKinds] };
    case 'devices':
      return { fact: 'deviceId', operator: 'in', value: [...sources.deviceIds] };
    case 'external':
      return { fact: 'external', operator: 'equal', value: true };
    case 'deviceGroups':
      throw new Error('the benchmark has no device groups');
  }
};

/** The same selection as facts and conditions: event type equal, camera (or kind, or External), event id. */
const selectionConditions = (selection: { eventType: string; eventId?: string; sources: RuleEventSources }) => [
  { fact: 'eventType', operator: 'equal', value: selection.eventType },
  sourceCondition(selection.sources),
  ...(selection.eventId === undefined
    ? []
    : [{ fact: 'firedEventIds', operator: 'contains', value: selection.eventId }]),
];

/** A rule matches on its trigger (with its conditions) or on its stop event, as the engine's index does. */
const referenceRule = (rule: RuleDefinition): RuleProperties => {
  if (rule.trigger.kind !== 'event') {
    throw new Error('the benchmark has event-triggered rules only');
  }
  const timeConditions = rule.conditions.map((condition) => {
    switch (condition.kind) {
      case 'withinTimeProfile':
        return { fact: 'withinOfficeHours', operator: 'equal', value: true };
      case 'outsideTimeProfile':
        return { fact: 'withinOfficeHours', operator: 'equal', value: false };
      default:
        throw new Error(`the benchmark has no ${condition.kind} conditions`);
    }
  });
  const trigger = { all: [...selectionConditions(rule.trigger), ...timeConditions] };
  const criterion = rule.stop?.criterion;
  const conditions: TopLevelCondition =
    criterion?.kind === 'onEvent' ? { any: [trigger, { all: selectionConditions(criterion) }] } : trigger;
  return { name: rule.id, conditions, event: { type: rule.id } };
};

const referenceEngine = (rules: readonly RuleDefinition[]): Engine => {
  const engine = new Engine(rules.map(referenceRule), { allowUndefinedFacts: true });
  // Computed once per event when a rule asks for it (json-rules-engine caches facts per run).
  engine.addFact('withinOfficeHours', async (_params, almanac) =>
    isWithinTimeProfile(OFFICE_HOURS, await almanac.factValue<number>('at')),
  );
  return engine;
};

const factsOf = (event: InputEvent): Record<string, unknown> => ({
  eventType: event.type,
  deviceId: event.deviceId ?? '',
  deviceKind: event.deviceKind ?? '',
  external: event.external,
  firedEventIds: event.firedEventIds,
  at: event.at,
});

const runReference = async (engine: Engine, events: readonly InputEvent[]): Promise<number> => {
  let matches = 0;
  for (const event of events) {
    const result = await engine.run(factsOf(event));
    matches += result.events.length;
  }
  return matches;
};

const measureReference = async (rules: readonly RuleDefinition[], events: readonly InputEvent[]) => {
  const engine = referenceEngine(rules);
  await runReference(engine, events.slice(0, SIZES.referenceWarmupEvents));
  const measured = events.slice(SIZES.referenceWarmupEvents, SIZES.referenceWarmupEvents + SIZES.referenceEvents);
  const startedAt = performance.now();
  const matches = await runReference(engine, measured);
  return { eps: perSecond(measured.length, elapsedMs(startedAt)), matches };
};

// ---------------------------------------------------------------------------------------------------------------

/** One measured configuration: the engine with `ruleCount` rules on `site`, with its metrics under `suffix`. */
type Configuration = Readonly<{ suffix: string; ruleCount: number; site: Site }>;

const CONFIGURATIONS: readonly Configuration[] = [
  ...RULE_COUNTS.map((ruleCount) => ({ suffix: String(ruleCount), ruleCount, site: siteFor(ruleCount) })),
  { suffix: '10000_fixed_site', ruleCount: 10_000, site: BASE_SITE },
];

const run = async (): Promise<void> => {
  const metrics: Record<string, number> = {};
  const rounds: Record<string, number[]> = {};
  const eventsBySite = new Map<Site, InputEvent[]>();
  const eventsOf = (site: Site): InputEvent[] => {
    const known = [...eventsBySite.entries()].find(([other]) => JSON.stringify(other) === JSON.stringify(site));
    if (known) {
      return known[1];
    }
    progress(`building ${SIZES.events} events for ${site.cameras} cameras`);
    const events = makeEvents(site, SIZES.events);
    eventsBySite.set(site, events);
    return events;
  };
  for (const { suffix, ruleCount, site } of CONFIGURATIONS) {
    progress(
      `engine, ${ruleCount} rules, ${site.cameras} cameras: warm-up then ${SIZES.rounds} rounds of up to ` +
        `${SIZES.events} events`,
    );
    const result = measureEngine(makeRules(site, ruleCount), eventsOf(site));
    metrics[`eps_${suffix}`] = round(result.eps);
    progress(`${round(result.eps)} events/s over ${result.events} events`);
    metrics[`cameras_${suffix}`] = site.cameras;
    metrics[`events_measured_${suffix}`] = result.events;
    metrics[`examined_per_event_${suffix}`] = round(result.examined / result.events);
    metrics[`firings_per_event_${suffix}`] = round(result.firings / result.events);
    // What an event costs grows with the rules that fire for it, not with the rules indexed: firings per second
    // (each with its targets, start/stop pairing and job ids) is the engine's unit of work.
    metrics[`firings_per_second_${suffix}`] = round((result.eps * result.firings) / result.events);
    metrics[`actions_per_event_${suffix}`] = round(result.actions / result.events);
    metrics[`started_rules_at_end_${suffix}`] = result.startedRules;
    rounds[`eps_${suffix}`] = result.rounds.map(round);
  }
  progress(
    `json-rules-engine, ${SIZES.referenceRules} rules: ${SIZES.referenceWarmupEvents} warm-up events, ` +
      `then ${SIZES.referenceEvents} events`,
  );
  const referenceSite = siteFor(SIZES.referenceRules);
  const reference = await measureReference(makeRules(referenceSite, SIZES.referenceRules), eventsOf(referenceSite));
  metrics.ref_eps_1000 = round(reference.eps);
  metrics.ref_matches_per_event_1000 = round(reference.matches / SIZES.referenceEvents);
  metrics.ratio_vs_ref_1000 = round((metrics.eps_1000 ?? 0) / reference.eps);

  const report = {
    benchmark: BENCHMARK,
    recordedAt: new Date().toISOString(),
    machine: machineInfo('not used', {}),
    parameters: {
      ...BASE_SITE,
      baseSiteRules: BASE_SITE_RULES,
      siteScaling: 'devices, definitions and the spacing of All Cameras rules grow with the rules above 1,000',
      ...SIZES,
      ruleCounts: RULE_COUNTS.join(', '),
      timeProfile: 'weekly Mon-Fri 08:00-17:00 Europe/Copenhagen',
      firstEventAt: new Date(FIRST_EVENT_AT).toISOString(),
      reference: 'json-rules-engine, one engine.run per event, same rules as facts/conditions',
    },
    metrics,
    rounds,
    targets: TARGETS,
    meetsTargets: checkTargets(metrics, TARGETS),
  };
  printReport(report, writeReport(report));
};

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
