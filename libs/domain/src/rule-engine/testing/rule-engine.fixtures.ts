import type { StoredEvent } from '../../event-store/event-store.port';
import type { RuleDefinition } from '../../rules/rule';
import type { InputEvent } from '../input-event';
import { toInputEvent } from '../input-event';
import type { EvaluationContext } from '../rule-evaluation';
import type { RuleIndex } from '../rule-index';
import { compileRuleIndex } from '../rule-index';

/** Test data for the rule engine specs. */

export const T0 = Date.UTC(2026, 0, 5, 10, 0); // Monday 2026-01-05 10:00 UTC

let nextPosition = 1n;

export const stored = (type: string, data: unknown, overrides: Partial<StoredEvent> = {}): StoredEvent => {
  const position = nextPosition++;
  return {
    id: `evt-${position}`,
    type,
    data,
    metadata: {},
    streamId: 'camera-cam-1',
    revision: 0n,
    position: { commit: position, prepare: position },
    recordedAt: new Date(T0),
    ...overrides,
  };
};

export const input = (type: string, data: object, overrides: Partial<StoredEvent> = {}): InputEvent => {
  const event = toInputEvent(stored(type, data, overrides));
  if (event === undefined) {
    throw new Error(`ignored: ${type}`);
  }
  return event;
};

export const motion = (type: 'MotionStarted' | 'MotionStopped', cameraId: string, at = T0, id?: string): InputEvent =>
  input(type, { cameraId, at }, id === undefined ? {} : { id });

export const noProfiles: EvaluationContext = { timeProfiles: new Map() };

export const rule = (overrides: Partial<RuleDefinition> & Pick<RuleDefinition, 'id'>): RuleDefinition => ({
  name: overrides.id,
  description: '',
  active: true,
  trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: ['cam-1'] } },
  conditions: [],
  actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }],
  stop: {
    criterion: { kind: 'onEvent', eventType: 'MotionStopped', sources: { kind: 'devices', deviceIds: ['cam-1'] } },
    actions: [{ type: 'StopRecording', delaySeconds: 3 }],
  },
  ...overrides,
});

/** Every rule at version 7. */
export const indexOf = (rules: readonly RuleDefinition[], groups = new Map<string, ReadonlySet<string>>()): RuleIndex =>
  compileRuleIndex(rules, new Map(rules.map((r) => [r.id, 7])), groups);
