import { DEFAULT_RULES, DEFAULT_RULE_IDS } from '../rules/default-rules';
import type { RuleDefinition } from '../rules/rule';
import type { TimeProfile } from '../time-profiles/time-profile';
import { toInputEvent } from './input-event';
import type { EvaluationContext } from './rule-evaluation';
import { evaluateEvent, initialEngineState } from './rule-evaluation';
import { candidateEntries } from './rule-index';
import { indexOf, input, motion, noProfiles as context, rule, stored, T0 } from './testing/rule-engine.fixtures';

const weekdaysOfficeHours: TimeProfile = {
  id: 'tp-office',
  name: 'Office',
  description: '',
  timeZone: 'UTC',
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

describe('toInputEvent', () => {
  it('normalises device, user-defined and generic events and ignores the rest', () => {
    expect(toInputEvent(stored('MotionStarted', { cameraId: 'cam-1', at: T0 + 5 }))).toMatchObject({
      type: 'MotionStarted',
      at: T0 + 5,
      deviceId: 'cam-1',
      deviceKind: 'cameras',
      external: false,
      firedEventIds: [],
    });
    expect(
      toInputEvent(
        stored(
          'UserDefinedEventTriggered',
          { userDefinedEventId: 'ude-1', deviceIds: ['cam-2', 'cam-3'], deviceGroupIds: [], at: T0 },
          { streamId: 'external-2026-01-05' },
        ),
      ),
    ).toMatchObject({ external: true, metadataDeviceIds: ['cam-2', 'cam-3'], firedEventIds: ['ude-1'] });
    expect(
      toInputEvent(
        stored('GenericEventReceived', { fired: [{ genericEventId: 'ge-1' }, { genericEventId: 'ge-2' }], at: T0 }),
      ),
    ).toMatchObject({ external: true, firedEventIds: ['ge-1', 'ge-2'] });
    expect(
      toInputEvent(stored('RequestStartRecording', { deviceIds: ['cam-9'] }, { streamId: 'external-x' })),
    ).toMatchObject({ external: true, metadataDeviceIds: ['cam-9'], at: T0 });
    expect(toInputEvent(stored('RuleCreated', { rule: {}, version: 1 }, { streamId: 'rule-r1' }))).toBeUndefined();
    expect(toInputEvent(stored('MotionStarted', 'not an object'))).toBeUndefined();
  });
});

describe('evaluateEvent', () => {
  it('given an indexed rule, when a matching event arrives, then it fires the start actions with targets and job ids', () => {
    const index = indexOf([rule({ id: 'r-1' })]);
    const event = motion('MotionStarted', 'cam-1');

    const { firings } = evaluateEvent(initialEngineState(), event, index, context);

    expect(firings).toEqual([
      {
        ruleId: 'r-1',
        ruleVersion: 7,
        triggeringEventId: event.eventId,
        phase: 'start',
        sourceKey: 'device/cam-1',
        startEventId: event.eventId,
        actions: [
          {
            action: { type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } },
            targetDeviceIds: ['cam-1'],
            allDeviceKinds: [],
            delayMs: 0,
            jobId: expect.any(String) as string,
          },
        ],
      },
    ]);
    expect(firings[0]?.actions[0]?.jobId).not.toContain(':');
  });

  it('given the same event replayed from the same state, then the job ids are identical', () => {
    const index = indexOf([rule({ id: 'r:1' })]);
    const event = motion('MotionStarted', 'cam-1', T0, 'evt:fixed');
    const first = evaluateEvent(initialEngineState(), event, index, context);
    const second = evaluateEvent(initialEngineState(), event, indexOf([rule({ id: 'r:1' })]), context);

    const ids = (result: typeof first) => result.firings.flatMap((f) => f.actions.map((a) => a.jobId));
    expect(ids(first)).toHaveLength(1);
    expect(ids(second)).toEqual(ids(first));
    expect(ids(first)[0]).not.toContain(':');
  });

  it('given an event for another camera or of another type, then nothing fires and nothing is examined', () => {
    const index = indexOf([rule({ id: 'r-1' })]);
    for (const event of [motion('MotionStarted', 'cam-2'), input('InputActivated', { deviceId: 'cam-1' })]) {
      const result = evaluateEvent(initialEngineState(), event, index, context);
      expect(result.firings).toEqual([]);
      expect(result.examined).toBe(0);
    }
  });

  it('given a within-time-profile condition, when the event is outside the profile, then the rule does not fire', () => {
    const index = indexOf([
      rule({ id: 'r-1', conditions: [{ kind: 'withinTimeProfile', timeProfileId: 'tp-office' }] }),
    ]);
    const ctx: EvaluationContext = { timeProfiles: new Map([['tp-office', weekdaysOfficeHours]]) };
    const saturday = Date.UTC(2026, 0, 10, 10, 0);
    const mondayNight = Date.UTC(2026, 0, 5, 22, 0);

    expect(evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1', T0), index, ctx).firings).toHaveLength(
      1,
    );
    expect(evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1', saturday), index, ctx).firings).toEqual(
      [],
    );
    expect(
      evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1', mondayNight), index, ctx).firings,
    ).toEqual([]);
    // A missing profile is a broken reference: the rule does not fire.
    expect(evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1'), index, context).firings).toEqual([]);
  });

  it('given outside-time-profile and day-of-week conditions, then they are read at the event time (UTC by default)', () => {
    const ctx: EvaluationContext = { timeProfiles: new Map([['tp-office', weekdaysOfficeHours]]) };
    const outside = indexOf([
      rule({ id: 'r-1', conditions: [{ kind: 'outsideTimeProfile', timeProfileId: 'tp-office' }] }),
    ]);
    const weekend = indexOf([rule({ id: 'r-2', conditions: [{ kind: 'dayOfWeek', days: [0, 6] }] })]);
    const saturday = Date.UTC(2026, 0, 10, 10, 0);

    expect(evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1', T0), outside, ctx).firings).toEqual([]);
    expect(
      evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1', saturday), outside, ctx).firings,
    ).toHaveLength(1);
    expect(evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1', T0), weekend, ctx).firings).toEqual([]);
    expect(
      evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1', saturday), weekend, ctx).firings,
    ).toHaveLength(1);
  });

  it('given Record on Motion, when motion starts then stops, then StartRecording then StopRecording fire once', () => {
    const index = indexOf(DEFAULT_RULES);
    const started = evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-4'), index, context);
    const again = evaluateEvent(started.state, motion('MotionStarted', 'cam-4'), index, context);
    const stopped = evaluateEvent(again.state, motion('MotionStopped', 'cam-4'), index, context);
    const stoppedTwice = evaluateEvent(stopped.state, motion('MotionStopped', 'cam-4'), index, context);

    const summary = (firings: typeof started.firings) =>
      firings.map((f) => ({
        ruleId: f.ruleId,
        phase: f.phase,
        actions: f.actions.map((a) => [a.action.type, a.targetDeviceIds, a.delayMs]),
      }));
    expect(summary(started.firings)).toEqual([
      { ruleId: DEFAULT_RULE_IDS.recordOnMotion, phase: 'start', actions: [['StartRecording', ['cam-4'], 0]] },
    ]);
    expect(again.firings).toEqual([]); // already started on cam-4: one start per stop
    expect(summary(stopped.firings)).toEqual([
      { ruleId: DEFAULT_RULE_IDS.recordOnMotion, phase: 'stop', actions: [['StopRecording', ['cam-4'], 3000]] },
    ]);
    expect(stoppedTwice.firings).toEqual([]);
    expect(stoppedTwice.state.started.size).toBe(0);
  });

  it('given start/stop state per source, then a stop on one camera does not stop another', () => {
    const index = indexOf(DEFAULT_RULES);
    const a = evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1'), index, context);
    const b = evaluateEvent(a.state, motion('MotionStarted', 'cam-2'), index, context);
    const stop = evaluateEvent(b.state, motion('MotionStopped', 'cam-2'), index, context);

    expect(b.firings.map((f) => f.actions[0]?.targetDeviceIds)).toEqual([['cam-2']]);
    expect(stop.firings.map((f) => f.actions[0]?.targetDeviceIds)).toEqual([['cam-2']]);
    expect([...(stop.state.started.get(DEFAULT_RULE_IDS.recordOnMotion)?.keys() ?? [])]).toEqual(['device/cam-1']);
  });

  it("given an 'afterSeconds' stop, then the start also yields the delayed stop actions, with no state kept", () => {
    const index = indexOf(DEFAULT_RULES);
    const event = input('BookmarkReferenceRequested', { cameraId: 'cam-3', at: T0 });
    const result = evaluateEvent(initialEngineState(), event, index, context);

    expect(
      result.firings.map((f) => [f.phase, f.triggeringEventId, f.actions.map((a) => [a.action.type, a.delayMs])]),
    ).toEqual([
      ['start', event.eventId, [['StartRecording', 0]]],
      ['stop', event.eventId, [['StopRecording', 30_000]]],
    ]);
    expect(result.firings[1]?.actions[0]?.targetDeviceIds).toEqual(['cam-3']);
    const [start, stop] = result.firings.map((f) => f.actions[0]?.jobId);
    expect(start).not.toEqual(stop);
    expect(result.state.started.size).toBe(0);
  });

  it('given Record on Request from External, then targets are the metadata devices', () => {
    const index = indexOf(DEFAULT_RULES);
    const startEvent = input('RequestStartRecording', { deviceIds: ['cam-5', 'cam-6'] }, { streamId: 'external-d' });
    const started = evaluateEvent(initialEngineState(), startEvent, index, context);
    const stopEvent = input('RequestStopRecording', { deviceIds: [] }, { streamId: 'external-d' });
    const stopped = evaluateEvent(started.state, stopEvent, index, context);

    expect(started.firings[0]?.actions[0]?.targetDeviceIds).toEqual(['cam-5', 'cam-6']);
    expect(stopped.firings.map((f) => [f.phase, f.actions[0]?.targetDeviceIds])).toEqual([
      ['stop', ['cam-5', 'cam-6']],
    ]);
  });

  it('given user-defined and generic event rules, then only the rule for the fired event id matches', () => {
    const ude = (id: string): RuleDefinition =>
      rule({
        id: `r-${id}`,
        trigger: {
          kind: 'event',
          eventType: id.startsWith('ude') ? 'UserDefinedEventTriggered' : 'GenericEventReceived',
          eventId: id,
          sources: { kind: 'external' },
        },
        actions: [{ type: 'MoveToPreset', presetId: 'p-18', priority: 100, target: { kind: 'metadataDevices' } }],
        stop: undefined,
      });
    const index = indexOf([ude('ude-1'), ude('ude-2'), ude('ge-1'), ude('ge-2'), ude('ge-3')]);
    const triggered = input(
      'UserDefinedEventTriggered',
      { userDefinedEventId: 'ude-2', deviceIds: ['ptz-224'], deviceGroupIds: [], at: T0 },
      { streamId: 'external-d' },
    );
    const received = input('GenericEventReceived', { fired: [{ genericEventId: 'ge-3' }, { genericEventId: 'ge-1' }] });

    const u = evaluateEvent(initialEngineState(), triggered, index, context);
    const g = evaluateEvent(initialEngineState(), received, index, context);

    expect(u.firings.map((f) => [f.ruleId, f.actions[0]?.targetDeviceIds])).toEqual([['r-ude-2', ['ptz-224']]]);
    expect(u.examined).toBe(1);
    expect(g.firings.map((f) => f.ruleId)).toEqual(['r-ge-1', 'r-ge-3']);
  });

  it('given device-group and all-camera sources, then group members and every camera match, and all-targets stay markers', () => {
    const groups = new Map([['g-lobby', new Set(['cam-7', 'cam-8'])]]);
    const index = indexOf(
      [
        rule({
          id: 'r-group',
          trigger: {
            kind: 'event',
            eventType: 'MotionStarted',
            sources: { kind: 'deviceGroups', groupIds: ['g-lobby'] },
          },
          actions: [{ type: 'StartFeed', target: { kind: 'all', deviceKinds: ['cameras'] } }],
          stop: { criterion: { kind: 'afterSeconds', seconds: 5 }, actions: [{ type: 'StopFeed', delaySeconds: 0 }] },
        }),
        rule({ id: 'r-inactive', active: false }),
      ],
      groups,
    );

    const hit = evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-8'), index, context);
    const miss = evaluateEvent(initialEngineState(), motion('MotionStarted', 'cam-1'), index, context);

    expect(hit.firings.map((f) => [f.phase, f.actions[0]?.allDeviceKinds, f.actions[0]?.delayMs])).toEqual([
      ['start', ['cameras'], 0],
      ['stop', ['cameras'], 5000],
    ]);
    expect(miss.firings).toEqual([]); // cam-1 is in no group, and r-inactive is not indexed
    expect(index.rules.has('r-inactive')).toBe(false);
  });

  it('given a stop event from a source that cannot trigger the rule, then every started source of the rule stops', () => {
    const index = indexOf([
      rule({
        id: 'r-door',
        trigger: { kind: 'event', eventType: 'InputActivated', sources: { kind: 'devices', deviceIds: ['door-1'] } },
        actions: [{ type: 'StartRecording', preBufferSeconds: 5, target: { kind: 'devices', deviceIds: ['cam-1'] } }],
        stop: {
          criterion: {
            kind: 'onEvent',
            eventType: 'UserDefinedEventTriggered',
            eventId: 'ude-all-clear',
            sources: { kind: 'external' },
          },
          actions: [{ type: 'StopRecording', delaySeconds: 0 }],
        },
      }),
    ]);
    const opened = evaluateEvent(initialEngineState(), input('InputActivated', { deviceId: 'door-1' }), index, context);
    const clear = input('UserDefinedEventTriggered', { userDefinedEventId: 'ude-all-clear', deviceIds: [] });
    const cleared = evaluateEvent(opened.state, clear, index, context);

    expect(cleared.firings.map((f) => [f.phase, f.actions[0]?.targetDeviceIds])).toEqual([['stop', ['cam-1']]]);
    expect(cleared.state.started.size).toBe(0);
  });

  it('given 10,000 rules of which 1 matches the event type, then only that rule is examined', () => {
    const rules = Array.from({ length: 10_000 }, (_, i) =>
      rule({
        id: `r-${i}`,
        trigger: {
          kind: 'event',
          eventType: i === 4321 ? 'TamperingDetected' : 'MotionStarted',
          sources: { kind: 'all', deviceKinds: ['cameras'] },
        },
        stop: undefined,
        actions: [{ type: 'MakeLogEntry', text: `rule ${i}` }],
      }),
    );
    const index = indexOf(rules);
    const event = input('TamperingDetected', { cameraId: 'cam-1' });

    const result = evaluateEvent(initialEngineState(), event, index, context);

    expect(candidateEntries(index, event)).toHaveLength(1);
    expect(result.examined).toBe(1);
    expect(result.firings.map((f) => f.ruleId)).toEqual(['r-4321']);
  });

  it("given a camera's own rules and All Cameras rules, when it reports motion, then they are examined in rule order, each once", () => {
    const allCameras = { kind: 'all', deviceKinds: ['cameras'] } as const;
    const index = indexOf([
      rule({ id: 'all-first', trigger: { kind: 'event', eventType: 'MotionStarted', sources: allCameras } }),
      rule({ id: 'own-second' }),
      rule({ id: 'all-third', trigger: { kind: 'event', eventType: 'MotionStarted', sources: allCameras } }),
      rule({
        id: 'own-fourth',
        trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: ['cam-1'] } },
        stop: {
          criterion: { kind: 'onEvent', eventType: 'MotionStarted', sources: allCameras },
          actions: [{ type: 'StopRecording', delaySeconds: 0 }],
        },
      }),
    ]);

    const entries = candidateEntries(index, motion('MotionStarted', 'cam-1'));

    expect(entries.map((entry) => `${entry.compiled.rule.id}/${entry.role}`)).toEqual([
      'all-first/start',
      'own-second/start',
      'all-third/start',
      'own-fourth/stop',
      'own-fourth/start',
    ]);
  });

  it('given a generic event that fires the same definition twice, then its rule is examined once', () => {
    const index = indexOf([
      rule({
        id: 'door',
        trigger: {
          kind: 'event',
          eventType: 'GenericEventReceived',
          eventId: 'ge-door',
          sources: { kind: 'external' },
        },
        stop: undefined,
        actions: [{ type: 'MakeLogEntry', text: 'door' }],
      }),
    ]);
    const event = input('GenericEventReceived', {
      fired: [{ genericEventId: 'ge-door' }, { genericEventId: 'ge-door' }],
    });

    expect(candidateEntries(index, event).map((entry) => entry.compiled.rule.id)).toEqual(['door']);
    expect(evaluateEvent(initialEngineState(), event, index, context).firings).toHaveLength(1);
  });
});
