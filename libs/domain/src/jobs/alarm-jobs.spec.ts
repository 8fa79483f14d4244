import { errorOf } from './testing/job-payload.fixtures';
import { ALARM_JOB_NAMES, alarmJobId, parseAlarmJob, type AlarmJobData } from './alarm-jobs';

const data: AlarmJobData = {
  alarmId: 'a-1',
  alarmDefinitionId: 'ad-1',
  alarmDefinitionVersion: 2,
  userDefinedEventIds: ['ude-1', 'ude-2'],
  deviceIds: ['cam-1'],
  causationId: 'raised-1',
  correlationId: 'corr-1',
  at: 1_767_607_200_000,
};

describe('alarmJobId', () => {
  it('given an alarm, then one id per job kind, without ":" and with encoded parts', () => {
    expect(alarmJobId({ name: 'TriggerAlarmEvents', data })).toBe('alarm|a-1|raised');
    expect(alarmJobId({ name: 'EscalateAlarm', data })).toBe('alarm|a-1|escalate');
    expect(alarmJobId({ name: 'EscalateAlarm', data: { alarmId: 'a:1|b' } })).toBe('alarm|a%3A1%7Cb|escalate');
  });
});

describe('parseAlarmJob', () => {
  it.each(ALARM_JOB_NAMES)('given a valid %s payload, then it parses to the same data', (name) => {
    expect(parseAlarmJob(name, data)).toEqual({ name, data });
  });

  it('given empty lists of events and devices, then it still parses', () => {
    const empty = { ...data, userDefinedEventIds: [], deviceIds: [] };
    expect(parseAlarmJob('EscalateAlarm', empty)).toEqual({ name: 'EscalateAlarm', data: empty });
  });

  it('given a missing or wrong field, then it is named', () => {
    const cases: readonly (readonly [keyof AlarmJobData, unknown])[] = [
      ['alarmId', undefined],
      ['alarmId', ''],
      ['alarmDefinitionId', 7],
      ['alarmDefinitionVersion', -1],
      ['alarmDefinitionVersion', 1.5],
      ['userDefinedEventIds', 'ude-1'],
      ['userDefinedEventIds', ['']],
      ['deviceIds', undefined],
      ['causationId', undefined],
      ['correlationId', ''],
      ['at', '2026-01-05'],
    ];
    for (const [key, value] of cases) {
      const error = errorOf(() => parseAlarmJob('EscalateAlarm', { ...data, [key]: value }));
      expect(error.code).toBe('INVALID_JOB_PAYLOAD');
      expect(error.details?.jobName).toBe('EscalateAlarm');
      expect(error.details?.problem).toMatch(new RegExp(`^${key} must be`));
    }
  });

  it('given an unknown job name or data that is not an object, then it is refused', () => {
    expect(errorOf(() => parseAlarmJob('CloseAlarm', data)).details).toEqual({
      jobName: 'CloseAlarm',
      problem: 'unknown job name',
    });
    expect(errorOf(() => parseAlarmJob('EscalateAlarm', null)).details?.problem).toBe('the data is not an object');
  });
});
