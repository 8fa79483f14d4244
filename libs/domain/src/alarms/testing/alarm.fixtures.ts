import type { AlarmDefinition, AlarmDefinitionReferences } from '../alarm-definition';

type ReferenceExtras = Partial<{
  timeProfileIds: readonly string[];
  userDefinedEventIds: readonly string[];
  genericEventIds: readonly string[];
  deviceIds: readonly string[];
  deviceGroupIds: readonly string[];
  userIds: readonly string[];
  priorityLevels: readonly number[];
  categoryLevels: readonly number[];
}>;

/** References for the alarm specs: priorities 1-3 (the defaults) exist, nothing else unless given. */
export const someAlarmReferences = (extra: ReferenceExtras = {}): AlarmDefinitionReferences => ({
  timeProfileIds: new Set(extra.timeProfileIds ?? []),
  userDefinedEventIds: new Set(extra.userDefinedEventIds ?? []),
  genericEventIds: new Set(extra.genericEventIds ?? []),
  deviceIds: new Set(extra.deviceIds ?? []),
  deviceGroupIds: new Set(extra.deviceGroupIds ?? []),
  userIds: new Set(extra.userIds ?? []),
  priorityLevels: new Set(extra.priorityLevels ?? [1, 2, 3]),
  categoryLevels: new Set(extra.categoryLevels ?? []),
});

/** Motion from any camera raises it, always active, one minute to act, priority High. */
export const anAlarmDefinition = (overrides: Partial<AlarmDefinition> = {}): AlarmDefinition => ({
  id: 'ad-1',
  enabled: true,
  name: 'Motion in the lobby',
  instructions: 'Look at the lobby cameras and call the guard.',
  triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'all', deviceKinds: ['cameras'] } },
  activation: { kind: 'timeProfile', timeProfileId: 'always' },
  operatorAction: { timeLimitSeconds: 60, eventsTriggered: [] },
  relatedCameraIds: [],
  initialPriority: 1,
  eventsTriggeredByAlarm: [],
  assignableToAdministrators: true,
  ...overrides,
});

export const cameraIds = (count: number): string[] => Array.from({ length: count }, (_, i) => `cam-${i + 1}`);
