import type { StoredEvent } from '../event-store/event-store.port';
import type { RuleDefinition } from '../rules/rule';
import type { TimeProfile } from '../time-profiles/time-profile';
import { ruleEventTypes, simulateRule } from './rule-simulation';

const T0 = Date.UTC(2026, 2, 2, 0, 0); // Monday 2 March 2026, 00:00 UTC
const HOUR = 3_600_000;

const motion = (n: number, type: 'MotionStarted' | 'MotionStopped', at: number): StoredEvent => ({
  id: `evt-${n}`,
  type,
  data: { cameraId: 'cam-1', at },
  metadata: {},
  streamId: 'camera-cam-1',
  revision: BigInt(n),
  position: { commit: BigInt(n + 1), prepare: BigInt(n + 1) },
  recordedAt: new Date(at),
});

const recordOnMotion: RuleDefinition = {
  id: 'r-motion',
  name: 'Record on motion',
  description: '',
  active: false, // simulated as if active
  trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: ['cam-1'] } },
  conditions: [],
  actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }],
  stop: {
    criterion: { kind: 'onEvent', eventType: 'MotionStopped', sources: { kind: 'devices', deviceIds: ['cam-1'] } },
    actions: [{ type: 'StopRecording', delaySeconds: 3 }],
  },
};

const nights: TimeProfile = {
  id: 'tp-nights',
  name: 'Nights',
  description: '',
  timeZone: 'UTC',
  kind: 'schedule',
  entries: [
    {
      type: 'recurring',
      startTime: '22:00',
      endTime: '06:00',
      pattern: { kind: 'daily', everyNDays: 1 },
      range: { startDate: '2026-01-01', end: { kind: 'never' } },
    },
  ],
};

describe('simulateRule', () => {
  it('given stored motion inside and outside the range, then only the range is decided, starts paired with stops', () => {
    const events = [
      motion(0, 'MotionStarted', T0 - HOUR), // before the range
      motion(1, 'MotionStarted', T0 + HOUR),
      motion(2, 'MotionStopped', T0 + 2 * HOUR),
      motion(3, 'MotionStarted', T0 + 30 * HOUR), // after the range
    ];

    const firings = simulateRule(
      recordOnMotion,
      4,
      new Map(),
      events,
      { from: T0, to: T0 + 24 * HOUR },
      {
        deviceGroups: new Map(),
      },
    );

    expect(firings.map((f) => [f.firing.phase, f.trigger.eventId, f.firing.ruleVersion])).toEqual([
      ['start', 'evt-1', 4],
      ['stop', 'evt-2', 4],
    ]);
    expect(firings[1]?.firing.actions[0]?.delayMs).toBe(3_000);
  });

  it('given a time-interval rule across midnight, then it enters and leaves as the profile says, in the range only', () => {
    const rule: RuleDefinition = {
      ...recordOnMotion,
      id: 'r-nights',
      trigger: { kind: 'timeInterval', timeProfileId: nights.id, edge: 'entering' },
      actions: [{ type: 'MakeLogEntry', text: 'night' }],
      stop: { criterion: { kind: 'intervalEnds' }, actions: [{ type: 'MakeLogEntry', text: 'day' }] },
    };

    const firings = simulateRule(
      rule,
      1,
      new Map([[nights.id, nights]]),
      [],
      { from: T0, to: T0 + 48 * HOUR },
      {
        deviceGroups: new Map(),
      },
    );

    // At T0 the night has already begun (entered before the range): its end has no start to stop.
    expect(firings.map((f) => `${f.firing.phase} ${new Date(f.trigger.at).toISOString()}`)).toEqual([
      'start 2026-03-02T22:00:00.000Z',
      'stop 2026-03-03T06:00:00.000Z',
      'start 2026-03-03T22:00:00.000Z',
    ]);
  });

  it('reads only the event types of the trigger and the stop event', () => {
    expect(ruleEventTypes(recordOnMotion)).toEqual(['MotionStarted', 'MotionStopped']);
    expect(
      ruleEventTypes({
        ...recordOnMotion,
        trigger: { kind: 'timeInterval', timeProfileId: 'x', edge: 'both' },
        stop: undefined,
      }),
    ).toEqual([]);
  });
});
