import { input, motion } from '../rule-engine/testing/rule-engine.fixtures';
import { alarmCandidates, compileAlarmDefinitionIndex, type VersionedAlarmDefinition } from './alarm-matching';
import { anAlarmDefinition } from './testing/alarm.fixtures';

const v = (overrides: Parameters<typeof anAlarmDefinition>[0], version = 1): VersionedAlarmDefinition => ({
  definition: anAlarmDefinition(overrides),
  version,
});
const summary = (entries: ReturnType<typeof alarmCandidates>): string[] =>
  entries.map((entry) => `${entry.compiled.definition.id}/${entry.role}`);

describe('alarm definition index', () => {
  it('given definitions on listed cameras and on all cameras, when motion starts on a camera, then only those matching its source, each once, in definition order', () => {
    // Given
    const index = compileAlarmDefinitionIndex([
      v({
        id: 'ad-cam-1',
        triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: ['cam-1'] } },
      }),
      v({ id: 'ad-all' }),
      v({
        id: 'ad-cam-2',
        triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: ['cam-2'] } },
      }),
      v({
        id: 'ad-stopped',
        triggeringEvent: { eventType: 'MotionStopped', sources: { kind: 'devices', deviceIds: ['cam-1'] } },
      }),
    ]);
    // When / Then
    expect(summary(alarmCandidates(index, motion('MotionStarted', 'cam-1')))).toEqual([
      'ad-cam-1/trigger',
      'ad-all/trigger',
    ]);
    expect(summary(alarmCandidates(index, motion('MotionStarted', 'cam-3')))).toEqual(['ad-all/trigger']);
    expect(summary(alarmCandidates(index, input('DoorOpened', { deviceId: 'door-1' })))).toEqual([]);
  });

  it('given a definition on a user-defined event, then only that event (by id) from External matches it', () => {
    const index = compileAlarmDefinitionIndex([
      v({
        id: 'ad-ude',
        triggeringEvent: { eventType: 'UserDefinedEventTriggered', eventId: 'ude-1', sources: { kind: 'external' } },
      }),
    ]);
    const triggered = (userDefinedEventId: string) =>
      input('UserDefinedEventTriggered', { userDefinedEventId, deviceIds: [] }, { streamId: 'external-2026-01-05' });
    expect(summary(alarmCandidates(index, triggered('ude-1')))).toEqual(['ad-ude/trigger']);
    expect(summary(alarmCandidates(index, triggered('ude-2')))).toEqual([]);
  });

  it('given an event-based definition with an auto-close event, then its roles come out as auto-close, stop, start, trigger', () => {
    const all = { kind: 'all', deviceKinds: ['cameras'] } as const;
    const index = compileAlarmDefinitionIndex([
      v({
        id: 'ad-1',
        triggeringEvent: { eventType: 'MotionStarted', sources: all },
        activation: {
          kind: 'eventBased',
          start: { eventType: 'MotionStarted', sources: all },
          stop: { eventType: 'MotionStarted', sources: all },
        },
        autoCloseOn: { eventType: 'MotionStarted', sources: all },
      }),
    ]);
    expect(summary(alarmCandidates(index, motion('MotionStarted', 'cam-1')))).toEqual([
      'ad-1/autoClose',
      'ad-1/stop',
      'ad-1/start',
      'ad-1/trigger',
    ]);
  });

  it('given a disabled definition, then it neither raises nor follows its start and stop events, but still auto-closes', () => {
    const all = { kind: 'all', deviceKinds: ['cameras'] } as const;
    const index = compileAlarmDefinitionIndex([
      v({
        id: 'ad-off',
        enabled: false,
        activation: {
          kind: 'eventBased',
          start: { eventType: 'InputActivated', sources: { kind: 'external' } },
          stop: { eventType: 'InputDeactivated', sources: { kind: 'external' } },
        },
        autoCloseOn: { eventType: 'MotionStopped', sources: all },
      }),
    ]);
    expect(summary(alarmCandidates(index, motion('MotionStarted', 'cam-1')))).toEqual([]);
    expect(summary(alarmCandidates(index, motion('MotionStopped', 'cam-1')))).toEqual(['ad-off/autoClose']);
    expect(index.definitions.has('ad-off')).toBe(true);
  });

  it('given device groups, then a definition on a group matches the devices of the group', () => {
    const index = compileAlarmDefinitionIndex(
      [
        v({
          id: 'ad-g',
          triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'deviceGroups', groupIds: ['g-1'] } },
        }),
      ],
      new Map([['g-1', new Set(['cam-7'])]]),
    );
    expect(summary(alarmCandidates(index, motion('MotionStarted', 'cam-7')))).toEqual(['ad-g/trigger']);
    expect(summary(alarmCandidates(index, motion('MotionStarted', 'cam-1')))).toEqual([]);
  });
});
