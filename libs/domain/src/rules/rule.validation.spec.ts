import { DEFAULT_RULES } from './default-rules';
import type { RuleDefinition } from './rule';
import { ruleProblems } from './rule.validation';
import { motionRule, someReferences } from './testing/rule.fixtures';

const codes = (rule: RuleDefinition, references = someReferences({ deviceIds: ['cam-2'] })): string[] =>
  ruleProblems(rule, references).map((p) => p.split(':')[0] ?? p);

describe('ruleProblems', () => {
  it('accepts a complete rule and every default rule', () => {
    expect(ruleProblems(motionRule(), someReferences({ deviceIds: ['cam-2'] }))).toEqual([]);
    for (const rule of DEFAULT_RULES) {
      expect(ruleProblems(rule, someReferences())).toEqual([]);
    }
  });

  it('lists every mandatory stop action that is missing (FEATURES 1.5)', () => {
    const target = { kind: 'eventDevice' } as const;
    const rule = motionRule({
      actions: [
        { type: 'StartRecording', preBufferSeconds: 0, target },
        { type: 'StartFeed', target },
        { type: 'SetFrameRate', stream: 'live', framesPerSecond: 5, target },
        { type: 'StartPatrolling', patrollingProfileId: 'pp', priority: 3000, target },
        { type: 'PausePatrolling', target },
      ],
      stop: {
        criterion: { kind: 'afterSeconds', seconds: 5 },
        actions: [{ type: 'RestoreDefaultFrameRate', stream: 'recording', delaySeconds: 0 }],
      },
    });
    expect(ruleProblems(rule, someReferences({ deviceIds: ['cam-2'] }))).toEqual([
      'MANDATORY_STOP_ACTION_MISSING: StartRecording needs the stop action StopRecording',
      'MANDATORY_STOP_ACTION_MISSING: StartFeed needs the stop action StopFeed',
      'MANDATORY_STOP_ACTION_MISSING: SetFrameRate needs the stop action RestoreDefaultFrameRate (live)',
      'MANDATORY_STOP_ACTION_MISSING: StartPatrolling needs the stop action StopPatrolling',
      'MANDATORY_STOP_ACTION_MISSING: PausePatrolling needs the stop action ResumePatrolling',
    ]);
  });

  it('refuses stop actions without a criterion, intervalEnds without an interval, and misplaced actions', () => {
    expect(codes(motionRule({ stop: { actions: [{ type: 'StopRecording', delaySeconds: 0 }] } }))).toEqual([
      'STOP_CRITERION_MISSING',
    ]);
    expect(
      codes(
        motionRule({
          stop: { criterion: { kind: 'intervalEnds' }, actions: [{ type: 'StopRecording', delaySeconds: 0 }] },
        }),
      ),
    ).toEqual(['INTERVAL_ENDS_WITHOUT_INTERVAL']);
    expect(
      codes(
        motionRule({
          actions: [{ type: 'StopFeed', delaySeconds: 0 }],
          stop: {
            criterion: { kind: 'afterSeconds', seconds: 1 },
            actions: [{ type: 'StartFeed', target: { kind: 'eventDevice' } }],
          },
        }),
      ),
    ).toEqual(['STOP_ACTION_AS_ACTION', 'START_ACTION_AS_STOP_ACTION']);
  });

  it('reports every unknown reference', () => {
    const rule: RuleDefinition = {
      ...motionRule({ stop: undefined }),
      trigger: {
        kind: 'event',
        eventType: 'GenericEventReceived',
        eventId: 'ge-x',
        sources: { kind: 'deviceGroups', groupIds: ['g-x'] },
      },
      conditions: [{ kind: 'outsideTimeProfile', timeProfileId: 'tp-x' }],
      actions: [
        { type: 'SendNotification', notificationProfileId: 'np-x' },
        { type: 'CallWebhook', webhookId: 'wh-x' },
        { type: 'TriggerUserDefinedEvent', userDefinedEventId: 'ude-x' },
        { type: 'ActivateOutput', outputIds: ['out-x'] },
        { type: 'MoveToPreset', presetId: 'p', priority: 1, target: { kind: 'devices', deviceIds: ['cam-x'] } },
      ],
    };
    expect(codes(rule)).toEqual([
      'UNKNOWN_GENERIC_EVENT',
      'UNKNOWN_DEVICE_GROUP',
      'UNKNOWN_TIME_PROFILE',
      'UNKNOWN_NOTIFICATION_PROFILE',
      'UNKNOWN_WEBHOOK',
      'UNKNOWN_USER_DEFINED_EVENT',
      'UNKNOWN_OUTPUT',
      'UNKNOWN_DEVICE',
    ]);
    expect(
      codes({
        ...rule,
        trigger: { kind: 'event', eventType: 'UserDefinedEventTriggered', sources: { kind: 'external' } },
      }),
    ).toContain('EVENT_ID_MISSING');
  });

  it('refuses bad numbers, an empty name and event targets without an event trigger', () => {
    const rule: RuleDefinition = {
      ...motionRule(),
      name: '  ',
      trigger: { kind: 'timeInterval', timeProfileId: 'always', edge: 'entering' },
      actions: [
        { type: 'StartRecording', preBufferSeconds: -1, target: { kind: 'eventDevice' } },
        { type: 'MoveToDefaultPreset', priority: 32_001, target: { kind: 'all', deviceKinds: ['cameras'] } },
      ],
      stop: {
        criterion: { kind: 'afterSeconds', seconds: 0 },
        actions: [{ type: 'StopRecording', delaySeconds: 1.5 }],
      },
    };
    expect(codes(rule)).toEqual([
      'RULE_NAME_EMPTY',
      'PRE_BUFFER_INVALID',
      'TARGET_NEEDS_EVENT',
      'PTZ_PRIORITY_INVALID',
      'DELAY_INVALID',
      'AFTER_SECONDS_INVALID',
    ]);
  });

  it('checks a recurring trigger', () => {
    const rule: RuleDefinition = {
      ...motionRule({ stop: undefined }),
      actions: [{ type: 'MakeLogEntry', text: 'Hourly check of $DeviceName$' }],
      trigger: {
        kind: 'recurring',
        recurrence: {
          pattern: { kind: 'weekly', everyNWeeks: 0, weekdays: [] },
          startDate: '2025-13-01',
          at: '25:00',
          timeZone: 'Mars/Base',
        },
      },
    };
    expect(codes(rule)).toEqual([
      'RECURRENCE_TIME_INVALID',
      'RECURRENCE_START_DATE_INVALID',
      'RECURRENCE_TIME_ZONE_INVALID',
      'RECURRENCE_INTERVAL_INVALID',
      'RECURRENCE_WEEKDAYS_EMPTY',
    ]);
  });
});
