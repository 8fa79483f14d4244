import type { RuleActionJobData } from '../jobs/rule-action-jobs';
import { renderRuleLogText, RULE_LOG_SERVICE_NAME, ruleLogEntryOf, ruleLogStream } from './rule-log';

const AT = Date.UTC(2026, 0, 5, 10, 0, 12, 345);

const job = (overrides: Partial<RuleActionJobData<'MakeLogEntry'>> = {}): RuleActionJobData<'MakeLogEntry'> => ({
  ruleId: 'r-1',
  ruleName: 'Log motion',
  ruleVersion: 2,
  phase: 'start',
  triggeringEventId: 'evt-1',
  triggeringEventType: 'MotionStarted',
  firingEventId: 'fired-1',
  correlationId: 'corr-1',
  at: AT,
  sourceDeviceId: 'cam-1',
  deviceIds: ['cam-1'],
  text: '',
  ...overrides,
});

const { sourceDeviceId: _omitted, ...withoutDevice } = job();

describe('renderRuleLogText', () => {
  it('given the variables, then each is replaced wherever it occurs', () => {
    expect(
      renderRuleLogText(job({ text: '$EventName$ on $DeviceName$ by $RuleName$ at $TriggerTime$ ($DeviceName$)' })),
    ).toBe('MotionStarted on cam-1 by Log motion at 2026-01-05T10:00:12.345Z (cam-1)');
  });

  it('given no source device, then $DeviceName$ is the target devices, joined', () => {
    expect(renderRuleLogText({ ...withoutDevice, deviceIds: ['cam-5', 'cam-6'], text: '[$DeviceName$]' })).toBe(
      '[cam-5, cam-6]',
    );
    expect(renderRuleLogText({ ...withoutDevice, deviceIds: [], text: '[$DeviceName$]' })).toBe('[]');
  });

  it('given unknown $Words$, lower-case variants or plain text, then they are left as written', () => {
    expect(renderRuleLogText(job({ text: '$Unknown$ $devicename$ $Device Name$ $$ US$5 $constructor$' }))).toBe(
      '$Unknown$ $devicename$ $Device Name$ $$ US$5 $constructor$',
    );
    expect(renderRuleLogText(job({ text: 'no variables' }))).toBe('no variables');
  });
});

describe('ruleLogEntryOf', () => {
  it('given a job with a source device, then a device entry named by the device', () => {
    expect(ruleLogEntryOf(job({ text: 'Motion on $DeviceName$' }))).toEqual({
      message: 'Motion on cam-1',
      category: 'Rule',
      sourceType: 'device',
      sourceName: 'cam-1',
      eventType: 'MotionStarted',
      ruleId: 'r-1',
      ruleName: 'Log motion',
      serviceName: RULE_LOG_SERVICE_NAME,
      triggeringEventId: 'evt-1',
      at: AT,
    });
  });

  it('given a job without a source device, then an External entry', () => {
    expect(
      ruleLogEntryOf({ ...withoutDevice, triggeringEventType: 'UserDefinedEventTriggered', text: 'x' }),
    ).toMatchObject({ sourceType: 'external', sourceName: 'External', eventType: 'UserDefinedEventTriggered' });
  });

  it('given a job triggered by a time trigger, then a time entry named by the rule', () => {
    expect(
      ruleLogEntryOf({ ...withoutDevice, deviceIds: [], triggeringEventType: 'RuleTimeTriggered', text: 'x' }),
    ).toMatchObject({ sourceType: 'time', sourceName: 'Log motion', eventType: 'RuleTimeTriggered' });
  });
});

describe('ruleLogStream', () => {
  it('given an instant, then the stream of its UTC day', () => {
    expect(ruleLogStream(AT)).toBe('rulelog-2026-01-05');
    expect(ruleLogStream(Date.UTC(2026, 0, 5, 23, 59, 59, 999))).toBe('rulelog-2026-01-05');
  });
});
