import type { RuleDefinition } from '../rule';
import type { RuleReferences } from '../rule.validation';

/** Test data for the rules specs. */
export const someReferences = (
  extra: Partial<Record<keyof RuleReferences, readonly string[]>> = {},
): RuleReferences => {
  const set = (key: keyof RuleReferences): ReadonlySet<string> => new Set(extra[key] ?? []);
  return {
    timeProfileIds: set('timeProfileIds'),
    userDefinedEventIds: set('userDefinedEventIds'),
    genericEventIds: set('genericEventIds'),
    deviceIds: set('deviceIds'),
    deviceGroupIds: set('deviceGroupIds'),
    notificationProfileIds: set('notificationProfileIds'),
    webhookIds: set('webhookIds'),
  };
};

export const motionRule = (overrides: Partial<RuleDefinition> = {}): RuleDefinition => ({
  id: 'r-1',
  name: 'Record on motion, camera 2',
  description: '',
  active: true,
  trigger: { kind: 'event', eventType: 'MotionStart', sources: { kind: 'devices', deviceIds: ['cam-2'] } },
  conditions: [],
  actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }],
  stop: {
    criterion: { kind: 'onEvent', eventType: 'MotionEnd', sources: { kind: 'devices', deviceIds: ['cam-2'] } },
    actions: [{ type: 'StopRecording', delaySeconds: 0 }],
  },
  ...overrides,
});
