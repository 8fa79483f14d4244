import { errorOf, without } from './testing/job-payload.fixtures';
import { parseRuleActionJob, RULE_ACTION_JOB_NAMES } from './rule-action-jobs';

const context = {
  ruleId: 'r-1',
  ruleName: 'Log motion',
  ruleVersion: 3,
  phase: 'start',
  triggeringEventId: 'evt-1',
  triggeringEventType: 'MotionStarted',
  firingEventId: 'fired-1',
  correlationId: 'corr-1',
  at: 1_767_607_200_000,
  sourceDeviceId: 'cam-1',
  deviceIds: ['cam-1', 'cam-2'],
};

const valid: Readonly<Record<(typeof RULE_ACTION_JOB_NAMES)[number], Record<string, unknown>>> = {
  MakeLogEntry: { ...context, text: 'Motion on $DeviceName$' },
  TriggerUserDefinedEvent: { ...context, userDefinedEventId: 'ude-1' },
  CallWebhook: { ...context, webhookId: 'wh-1' },
  SendNotification: { ...context, notificationProfileId: 'np-1', imageDeviceIds: [] },
};

describe('parseRuleActionJob', () => {
  it.each(RULE_ACTION_JOB_NAMES)('given a valid %s payload, then it parses to the same data', (name) => {
    expect(parseRuleActionJob(name, valid[name])).toEqual({ name, data: valid[name] });
  });

  it('given no sourceDeviceId and empty deviceIds, then it still parses', () => {
    const data = { ...without(valid.MakeLogEntry, 'sourceDeviceId'), deviceIds: [] };
    expect(parseRuleActionJob('MakeLogEntry', data)).toEqual({ name: 'MakeLogEntry', data });
  });

  it.each(RULE_ACTION_JOB_NAMES)('given a %s payload missing a field, then that field is named', (name) => {
    const required = Object.keys(valid[name]).filter((key) => key !== 'sourceDeviceId');
    for (const key of required) {
      const error = errorOf(() => parseRuleActionJob(name, without(valid[name], key)));
      expect(error.code).toBe('INVALID_JOB_PAYLOAD');
      expect(error.details?.jobName).toBe(name);
      expect(error.details?.problem).toMatch(new RegExp(`^${key} must be`));
      expect(error.message).toContain(`invalid ${name} job: ${key} must be`);
    }
  });

  it('given fields of the wrong type or range, then each is named', () => {
    const wrong: readonly (readonly [string, unknown])[] = [
      ['ruleId', ''],
      ['ruleName', 42],
      ['ruleVersion', -1],
      ['ruleVersion', 1.5],
      ['ruleVersion', 2 ** 31],
      ['phase', 'middle'],
      ['triggeringEventId', null],
      ['at', '2026-01-05'],
      ['at', -1],
      ['sourceDeviceId', ''],
      ['deviceIds', 'cam-1'],
      ['deviceIds', ['cam-1', '']],
      ['text', ''],
    ];
    for (const [key, value] of wrong) {
      const error = errorOf(() => parseRuleActionJob('MakeLogEntry', { ...valid.MakeLogEntry, [key]: value }));
      expect(error.details?.problem).toMatch(new RegExp(`^${key} must be`));
    }
    const images = errorOf(() =>
      parseRuleActionJob('SendNotification', { ...valid.SendNotification, imageDeviceIds: [1] }),
    );
    expect(images.details?.problem).toMatch(/^imageDeviceIds must be/);
  });

  it('given an unknown job name or data that is not an object, then it is refused', () => {
    expect(errorOf(() => parseRuleActionJob('FormatDisk', valid.MakeLogEntry)).details).toEqual({
      jobName: 'FormatDisk',
      problem: 'unknown job name',
    });
    for (const raw of [null, undefined, 'text', 42, [valid.MakeLogEntry]]) {
      expect(errorOf(() => parseRuleActionJob('MakeLogEntry', raw)).details?.problem).toBe('the data is not an object');
    }
  });
});
