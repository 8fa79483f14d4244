import type { StoredEvent } from '../event-store/event-store.port';
import type { RuleDefinition } from '../rules/rule';
import { ruleStream } from '../rules/rule.events';
import type { EngineSettings } from './engine-step';
import { decideBatch, initialSnapshot, parseEngineState, serializeEngineState } from './engine-step';
import type { RuleTimeTriggered } from './rule-engine.events';
import { ruleTimeStream } from './rule-engine.events';
import { evaluateEvent, initialEngineState, TIME_SOURCE_KEY } from './rule-evaluation';
import { indexOf, motion, noProfiles, rule, stored, T0 } from './testing/rule-engine.fixtures';

const settings: EngineSettings = { deviceGroups: new Map() };

const created = (definition: RuleDefinition, version = 1): StoredEvent =>
  stored(
    'RuleCreated',
    { rule: definition, version, byUserId: 'u-1', at: T0 },
    { streamId: ruleStream(definition.id) },
  );

const motionEvent = (cameraId: string, at = T0): StoredEvent =>
  stored('MotionStarted', { cameraId, at }, { streamId: `camera-${cameraId}` });

const timeTriggered = (data: RuleTimeTriggered['data'], correlationId?: string): StoredEvent =>
  stored('RuleTimeTriggered', data, {
    streamId: ruleTimeStream(data.ruleId),
    metadata: correlationId === undefined ? {} : { correlationId },
  });

const logOnEntering = rule({
  id: 'r-time',
  trigger: { kind: 'timeInterval', timeProfileId: 'tp-office', edge: 'entering' },
  actions: [{ type: 'MakeLogEntry', text: 'open' }],
  stop: undefined,
});

describe('decideBatch', () => {
  it('given a RuleCreated in the batch, then it applies to a later motion event of the batch and not to an earlier one', () => {
    const before = motionEvent('cam-1');
    const create = created(rule({ id: 'r-1' }), 4);
    const after = motionEvent('cam-1', T0 + 1000);

    const decision = decideBatch(initialSnapshot(settings), [before, create, after], settings);

    expect(
      decision.firings.map((d) => [d.firing.ruleId, d.firing.ruleVersion, d.firing.phase, d.trigger.eventId]),
    ).toEqual([['r-1', 4, 'start', after.id]]);
    expect(decision.firings[0]?.rule.id).toBe('r-1');
    expect(decision.firings[0]?.trigger).toEqual({
      eventId: after.id,
      type: 'MotionStarted',
      at: T0 + 1000,
      correlationId: after.id, // no correlation in the metadata: the event itself
      sourceDeviceId: 'cam-1',
      metadataDeviceIds: [],
    });
    expect(decision.catalogChanged).toBe(true);
    expect(decision.position).toEqual(after.position);
    expect(decision.snapshot.catalog.rules.get('r-1')?.version).toBe(4);
    expect(decision.snapshot.index.rules.has('r-1')).toBe(true);
    expect([...(decision.snapshot.state.started.get('r-1')?.keys() ?? [])]).toEqual(['device/cam-1']);
  });

  it('given a RuleTimeTriggered for the current rule version, then it is evaluated at its dueAt with its correlation', () => {
    const snapshot = decideBatch(initialSnapshot(settings), [created(logOnEntering, 2)], settings).snapshot;
    const due = T0 + 3_600_000;
    const triggered = timeTriggered(
      { ruleId: 'r-time', ruleVersion: 2, edge: 'entering', dueAt: due, at: due + 50 },
      'corr-1',
    );
    const stale = timeTriggered({ ruleId: 'r-time', ruleVersion: 1, edge: 'entering', dueAt: due, at: due });

    const decision = decideBatch(snapshot, [triggered, stale], settings);

    expect(decision.firings).toHaveLength(1);
    expect(decision.firings[0]?.firing).toMatchObject({
      ruleId: 'r-time',
      phase: 'start',
      sourceKey: TIME_SOURCE_KEY,
      triggeringEventId: triggered.id,
    });
    expect(decision.firings[0]?.trigger).toEqual({
      eventId: triggered.id,
      type: 'RuleTimeTriggered',
      at: due,
      correlationId: 'corr-1',
      metadataDeviceIds: [],
    });
    expect(decision.catalogChanged).toBe(false);
    expect(decision.position).toEqual(stale.position);
  });

  it('given a batch without catalog events, then catalogChanged is false and the catalog is kept', () => {
    const snapshot = decideBatch(initialSnapshot(settings), [created(rule({ id: 'r-1' }))], settings).snapshot;
    const decision = decideBatch(snapshot, [motionEvent('cam-1'), motionEvent('cam-2')], settings);

    expect(decision.catalogChanged).toBe(false);
    expect(decision.snapshot.catalog).toBe(snapshot.catalog);
    expect(decision.firings).toHaveLength(1);
  });

  it('given a malformed RuleTimeTriggered, then it is ignored', () => {
    const snapshot = decideBatch(initialSnapshot(settings), [created(logOnEntering, 2)], settings).snapshot;
    const malformed = [
      stored(
        'RuleTimeTriggered',
        { ruleId: 'r-time', ruleVersion: '2', edge: 'entering', dueAt: T0 },
        { streamId: ruleTimeStream('r-time') },
      ),
      stored(
        'RuleTimeTriggered',
        { ruleId: 'r-time', ruleVersion: 2, edge: 'midway', dueAt: T0 },
        { streamId: ruleTimeStream('r-time') },
      ),
      stored(
        'RuleTimeTriggered',
        { ruleId: 'r-time', ruleVersion: 2, edge: 'entering' },
        { streamId: ruleTimeStream('r-time') },
      ),
      stored('RuleTimeTriggered', null, { streamId: ruleTimeStream('r-time') }),
      // well-formed, but not on a ruletime- stream
      stored('RuleTimeTriggered', { ruleId: 'r-time', ruleVersion: 2, edge: 'entering', dueAt: T0, at: T0 }),
    ];

    const decision = decideBatch(snapshot, malformed, settings);

    expect(decision.firings).toEqual([]);
    expect(decision.position).toEqual(malformed.at(-1)?.position);
  });

  it('given a malformed rule event in the batch, then it is skipped with its reason and the rest is decided', () => {
    const broken = stored('RuleCreated', { version: 1 }, { streamId: ruleStream('r-broken') });
    const create = created(rule({ id: 'r-1' }));
    const after = motionEvent('cam-1', T0 + 1000);

    const decision = decideBatch(initialSnapshot(settings), [broken, create, after], settings);

    expect(decision.skipped).toEqual([
      { eventId: broken.id, type: 'RuleCreated', reason: expect.any(String) as string },
    ]);
    expect(decision.firings.map((f) => f.trigger.eventId)).toEqual([after.id]);
    expect([...decision.snapshot.catalog.rules.keys()]).toEqual(['r-1']);
  });

  it('given an empty batch, then it throws', () => {
    expect(() => decideBatch(initialSnapshot(settings), [], settings)).toThrow('non-empty');
  });
});

describe('serializeEngineState / parseEngineState', () => {
  it('given a started state, when serialized to JSON and parsed, then the same state comes back', () => {
    const index = indexOf([rule({ id: 'r-1' }), rule({ id: 'r-2' })]);
    let state = initialEngineState();
    for (const event of [motion('MotionStarted', 'cam-1')]) {
      state = evaluateEvent(state, event, index, noProfiles).state;
    }
    expect(state.started.size).toBe(2);

    const parsed = parseEngineState(JSON.parse(JSON.stringify(serializeEngineState(state))));

    expect(parsed.started).toEqual(state.started);
    expect(serializeEngineState(parsed)).toEqual(serializeEngineState(state));
  });

  it('given garbage, then the initial state', () => {
    for (const garbage of [undefined, null, 'started', 42, { started: [] }]) {
      expect(parseEngineState(garbage)).toEqual(initialEngineState());
    }
    expect(parseEngineState([1, 'x', [2, []], ['r-1', 'not a list']]).started.size).toBe(0);
  });
});

describe('parseEngineState with malformed entries', () => {
  const startedSources = (json: unknown) =>
    serializeEngineState(parseEngineState(json)).flatMap(([, sources]) => sources);

  it('given a rule entry whose sources are not [key, StartedRule] pairs, then no started source comes back and nothing throws', () => {
    expect(startedSources([['r-1', [1]]])).toEqual([]);
    expect(startedSources([['r-1', [['device/cam-1', 42]]]])).toEqual([]);
    expect(startedSources([['r-1', [['device/cam-1', { startEventId: 'evt-1' }]]]])).toEqual([]);
  });

  it('given a malformed started rule in the checkpoint, then the stop event does not crash the evaluation', () => {
    const state = parseEngineState([['r-1', [['device/cam-1', 42]]]]);
    expect(() =>
      evaluateEvent(state, motion('MotionStopped', 'cam-1'), indexOf([rule({ id: 'r-1' })]), noProfiles),
    ).not.toThrow();
  });
});
