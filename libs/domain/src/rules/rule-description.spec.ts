import { DEFAULT_RULES, DEFAULT_RULE_IDS } from './default-rules';
import type { RuleDefinition } from './rule';
import { describeRule, eventTypeDisplayName } from './rule-description';
import { motionRule } from './testing/rule.fixtures';

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const defaultRule = (id: string): RuleDefinition => {
  const rule = DEFAULT_RULES.find((r) => r.id === id);
  if (rule === undefined) {
    throw new Error(`no default rule ${id}`);
  }
  return rule;
};

describe('describeRule', () => {
  it('reproduces the motion example of S2:2351-2357', () => {
    expect(describeRule(motionRule(), { 'cam-2': 'Camera 2' })).toBe(
      oneLine(`Perform an action on Motion Start
        from Camera 2
        start recording 3 seconds before on the device on which event occurred
        Perform stop action on Motion End
        from Camera 2
        stop recording immediately`),
    );
  });

  it('reproduces the pre-buffer example of S2:6738-6740', () => {
    const rule = motionRule({
      trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: ['cam-red'] } },
      actions: [{ type: 'StartRecording', preBufferSeconds: 5, target: { kind: 'eventDevice' } }],
      stop: undefined,
    });
    expect(describeRule(rule, { 'cam-red': 'Red Sector Entrance Cam' })).toBe(
      'Perform an action on Motion Started from Red Sector Entrance Cam start recording 5 seconds before on the device on which event occurred',
    );
  });

  it('reproduces the input and notification example of S2:7855-7862', () => {
    const rule = motionRule({
      trigger: { kind: 'event', eventType: 'InputActivated', sources: { kind: 'devices', deviceIds: ['door'] } },
      actions: [
        { type: 'StartRecording', preBufferSeconds: 5, target: { kind: 'devices', deviceIds: ['cam-red'] } },
        {
          type: 'SendNotification',
          notificationProfileId: 'np-1',
          imagesFrom: { kind: 'devices', deviceIds: ['cam-red'] },
        },
      ],
      stop: { criterion: { kind: 'afterSeconds', seconds: 10 }, actions: [{ type: 'StopRecording', delaySeconds: 0 }] },
    });
    const names = {
      door: 'Red Sector Door Sensor',
      'cam-red': 'Red Sector Entrance Cam',
      'np-1': 'Security: Red Sector Entrance',
    };
    expect(describeRule(rule, names)).toBe(
      oneLine(`Perform an action on Input Activated
        from Red Sector Door Sensor
        start recording 5 seconds before on Red Sector Entrance Cam
        and Send notification to 'Security: Red Sector Entrance'
        images from Red Sector Entrance Cam
        Perform action 10 seconds after
        stop recording immediately`),
    );
  });

  it.each([
    [
      DEFAULT_RULE_IDS.goToPresetWhenPtzIsDone, // S2:12388
      'Perform an action on PTZ Manual Session Stopped from All Cameras Move immediately to default preset on the device on which event occurred',
    ],
    [
      DEFAULT_RULE_IDS.recordOnBookmark, // S2:12390
      'Perform an action on Bookmark Reference Requested from All Cameras, All Microphones, All Speakers start recording three seconds before on the device on which event occurred Perform action 30 seconds after stop recording immediately',
    ],
    [
      DEFAULT_RULE_IDS.recordOnMotion, // S2:12391-12394
      'Perform an action on Motion Started from All Cameras start recording three seconds before on the device on which event occurred Perform stop action on Motion Stopped from All Cameras stop recording three seconds after',
    ],
    [
      DEFAULT_RULE_IDS.recordOnRequest, // S2:12395
      'Perform an action on Request Start Recording from External start recording immediately on the devices from metadata Perform stop action on Request Stop Recording from External stop recording immediately',
    ],
    [
      DEFAULT_RULE_IDS.startFeed, // S2:12397
      'Perform an action in a time interval always start feed on All Cameras Perform an action when time interval ends stop feed immediately',
    ],
  ])('reproduces the recreate text of default rule %s', (id, text) => {
    expect(describeRule(defaultRule(id), {}, { numbers: 'words' })).toBe(text);
  });

  it('names specific user-defined events, conditions and PTZ actions (inferred wording)', () => {
    const rule: RuleDefinition = {
      ...motionRule(),
      trigger: {
        kind: 'event',
        eventType: 'UserDefinedEventTriggered',
        eventId: 'ude-37',
        sources: { kind: 'external' },
      },
      conditions: [
        { kind: 'withinTimeProfile', timeProfileId: 'tp-day' },
        { kind: 'dayOfWeek', days: [6, 0] },
      ],
      actions: [
        { type: 'MoveToPreset', presetId: 'p-18', priority: 3000, target: { kind: 'devices', deviceIds: ['ptz'] } },
      ],
      stop: undefined,
    };
    expect(describeRule(rule, { 'ude-37': 'Event 37', 'tp-day': 'Day', 'p-18': 'Preset 18', ptz: 'PTZ 224' })).toBe(
      'Perform an action on Event 37 from External within selected time in Day day of week is Saturday, Sunday Move PTZ 224 to Preset 18 position with PTZ priority 3000',
    );
  });

  it('splits persisted event types into display names', () => {
    expect(eventTypeDisplayName('PTZManualSessionStopped')).toBe('PTZ Manual Session Stopped');
    expect(eventTypeDisplayName('MotionStarted')).toBe('Motion Started');
  });
});
