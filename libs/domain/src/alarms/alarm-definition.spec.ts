import { alarmDefinitionProblems } from './alarm-definition';
import { anAlarmDefinition, cameraIds, someAlarmReferences } from './testing/alarm.fixtures';

const codes = (problems: readonly string[]): string[] => problems.map((problem) => problem.split(':')[0] ?? '');

describe('alarmDefinitionProblems', () => {
  it('accepts a definition whose references all exist', () => {
    const definition = anAlarmDefinition({
      triggeringEvent: { eventType: 'UserDefinedEventTriggered', eventId: 'ude-door', sources: { kind: 'external' } },
      activation: { kind: 'timeProfile', timeProfileId: 'tp-nights' },
      operatorAction: { timeLimitSeconds: 60, eventsTriggered: ['ude-escalate'] },
      relatedCameraIds: cameraIds(15),
      initialOwnerId: 'u-guard',
      initialPriority: 2,
      categoryLevel: 5,
      eventsTriggeredByAlarm: ['ude-siren'],
      autoCloseOn: { eventType: 'UserDefinedEventTriggered', eventId: 'ude-closed', sources: { kind: 'external' } },
    });
    const references = someAlarmReferences({
      userDefinedEventIds: ['ude-door', 'ude-escalate', 'ude-siren', 'ude-closed'],
      timeProfileIds: ['tp-nights'],
      deviceIds: cameraIds(15),
      userIds: ['u-guard'],
      categoryLevels: [5],
    });

    expect(alarmDefinitionProblems(definition, references)).toEqual([]);
  });

  it('refuses a 16th related camera', () => {
    const problems = alarmDefinitionProblems(
      anAlarmDefinition({ relatedCameraIds: cameraIds(16) }),
      someAlarmReferences({ deviceIds: cameraIds(16) }),
    );

    expect(problems).toEqual(['RELATED_CAMERAS_TOO_MANY: at most 15 related cameras, not 16']);
  });

  it('refuses unknown and duplicate related cameras', () => {
    const problems = alarmDefinitionProblems(
      anAlarmDefinition({ relatedCameraIds: ['cam-1', 'cam-1', 'cam-9'] }),
      someAlarmReferences({ deviceIds: ['cam-1'] }),
    );

    expect(problems).toEqual([
      'RELATED_CAMERAS_DUPLICATE: a related camera is listed twice',
      'UNKNOWN_DEVICE: device cam-9 does not exist',
    ]);
  });

  it('refuses an unknown triggering event, naming it', () => {
    const problems = alarmDefinitionProblems(
      anAlarmDefinition({
        triggeringEvent: { eventType: 'UserDefinedEventTriggered', eventId: 'ude-gone', sources: { kind: 'external' } },
      }),
      someAlarmReferences(),
    );

    expect(problems).toEqual(['UNKNOWN_USER_DEFINED_EVENT: user-defined event ude-gone does not exist']);
  });

  it('refuses a user-defined or generic triggering event that names no event', () => {
    const problems = alarmDefinitionProblems(
      anAlarmDefinition({ triggeringEvent: { eventType: 'GenericEventReceived', sources: { kind: 'external' } } }),
      someAlarmReferences(),
    );

    expect(problems).toEqual(['EVENT_ID_MISSING: the triggering event must name the generic event']);
  });

  it('refuses an unknown time profile, and accepts the built-in Always', () => {
    const unknown = anAlarmDefinition({ activation: { kind: 'timeProfile', timeProfileId: 'tp-gone' } });

    expect(alarmDefinitionProblems(unknown, someAlarmReferences())).toEqual([
      'UNKNOWN_TIME_PROFILE: time profile tp-gone does not exist',
    ]);
    expect(alarmDefinitionProblems(anAlarmDefinition(), someAlarmReferences())).toEqual([]);
  });

  it('checks the start and stop events of an event-based activation', () => {
    const definition = anAlarmDefinition({
      activation: {
        kind: 'eventBased',
        start: { eventType: 'UserDefinedEventTriggered', eventId: 'ude-arm', sources: { kind: 'external' } },
        stop: { eventType: '', sources: { kind: 'devices', deviceIds: [] } },
      },
    });

    expect(codes(alarmDefinitionProblems(definition, someAlarmReferences()))).toEqual([
      'UNKNOWN_USER_DEFINED_EVENT',
      'EVENT_TYPE_EMPTY',
      'SOURCES_EMPTY', // 'the stop event needs at least one source'
      'SOURCES_EMPTY', // 'select at least one device' (the rules' wording, shared)
    ]);
  });

  it('lists every problem at once', () => {
    const definition = anAlarmDefinition({
      name: ' ',
      instructions: 'x'.repeat(4_001),
      operatorAction: { timeLimitSeconds: 0, eventsTriggered: ['ude-gone'] },
      relatedCameraIds: cameraIds(16),
      initialOwnerId: 'u-gone',
      initialPriority: 7,
      categoryLevel: 99,
      eventsTriggeredByAlarm: ['ude-x', 'ude-x'],
      autoCloseOn: { eventType: 'GenericEventReceived', eventId: 'ge-gone', sources: { kind: 'external' } },
    });

    expect(codes(alarmDefinitionProblems(definition, someAlarmReferences()))).toEqual([
      'ALARM_NAME_EMPTY',
      'INSTRUCTIONS_TOO_LONG',
      'TIME_LIMIT_INVALID',
      'UNKNOWN_USER_DEFINED_EVENT',
      'EVENTS_TRIGGERED_BY_ALARM_DUPLICATE',
      'UNKNOWN_USER_DEFINED_EVENT',
      'RELATED_CAMERAS_TOO_MANY',
      ...Array.from({ length: 16 }, () => 'UNKNOWN_DEVICE'),
      'UNKNOWN_USER',
      'UNKNOWN_PRIORITY',
      'UNKNOWN_CATEGORY',
      'UNKNOWN_GENERIC_EVENT',
    ]);
  });

  it.each([1, 60, 86_400])('accepts a time limit of %p seconds', (timeLimitSeconds) =>
    expect(
      alarmDefinitionProblems(
        anAlarmDefinition({ operatorAction: { timeLimitSeconds, eventsTriggered: [] } }),
        someAlarmReferences(),
      ),
    ).toEqual([]),
  );

  it.each([0, -1, 1.5, 86_401])('refuses a time limit of %p seconds', (timeLimitSeconds) =>
    expect(
      codes(
        alarmDefinitionProblems(
          anAlarmDefinition({ operatorAction: { timeLimitSeconds, eventsTriggered: [] } }),
          someAlarmReferences(),
        ),
      ),
    ).toEqual(['TIME_LIMIT_INVALID']),
  );
});
