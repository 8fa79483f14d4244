import { errorOf } from './testing/job-payload.fixtures';
import type { TimeTriggerDue } from '../rule-engine/time-triggers';
import { parseTimeTriggerDueJob, TIME_TRIGGER_DUE_JOB, timeTriggerJobId } from './rule-timer-jobs';

const due: TimeTriggerDue = { ruleId: 'r-1', ruleVersion: 2, edge: 'entering', dueAt: 1_767_600_000_000 };

describe('timeTriggerJobId', () => {
  it('given the same due trigger, then the same id, without ":" and with encoded parts', () => {
    expect(timeTriggerJobId(due)).toBe('time|r-1|v2|entering|1767600000000');
    expect(timeTriggerJobId({ ...due })).toBe(timeTriggerJobId(due));
    expect(timeTriggerJobId({ ...due, ruleId: 'r:1|x' })).toBe('time|r%3A1%7Cx|v2|entering|1767600000000');
  });

  it('given triggers differing in rule, version, edge or instant, then the ids differ', () => {
    const ids = [
      due,
      { ...due, ruleId: 'r-2' },
      { ...due, ruleVersion: 3 },
      { ...due, edge: 'leaving' as const },
      { ...due, edge: 'recurring' as const },
      { ...due, dueAt: due.dueAt + 1 },
    ].map(timeTriggerJobId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('parseTimeTriggerDueJob', () => {
  it('given a valid payload, then the due trigger', () => {
    for (const edge of ['entering', 'leaving', 'recurring'] as const) {
      expect(parseTimeTriggerDueJob(TIME_TRIGGER_DUE_JOB, { ...due, edge })).toEqual({ ...due, edge });
    }
  });

  it('given a missing or wrong field, then it is named', () => {
    const cases: readonly (readonly [keyof TimeTriggerDue, unknown])[] = [
      ['ruleId', undefined],
      ['ruleId', ''],
      ['ruleVersion', undefined],
      ['ruleVersion', -1],
      ['ruleVersion', 2 ** 31],
      ['edge', undefined],
      ['edge', 'both'],
      ['dueAt', undefined],
      ['dueAt', 1.5],
      ['dueAt', '1767600000000'],
    ];
    for (const [key, value] of cases) {
      const error = errorOf(() => parseTimeTriggerDueJob(TIME_TRIGGER_DUE_JOB, { ...due, [key]: value }));
      expect(error.code).toBe('INVALID_JOB_PAYLOAD');
      expect(error.details?.jobName).toBe(TIME_TRIGGER_DUE_JOB);
      expect(error.details?.problem).toMatch(new RegExp(`^${key} must be`));
    }
  });

  it('given an unknown job name or data that is not an object, then it is refused', () => {
    expect(errorOf(() => parseTimeTriggerDueJob('TimeTriggerLate', due)).details).toEqual({
      jobName: 'TimeTriggerLate',
      problem: 'unknown job name',
    });
    expect(errorOf(() => parseTimeTriggerDueJob(TIME_TRIGGER_DUE_JOB, null)).details?.problem).toBe(
      'the data is not an object',
    );
  });
});
