import { errorOf } from './testing/job-payload.fixtures';
import { ENFORCE_ALARM_RETENTION_JOB, parseAlarmRetentionJob } from './alarm-retention-jobs';

describe('the alarm retention job', () => {
  it('given the job with its (empty) data, then the job', () =>
    expect(parseAlarmRetentionJob(ENFORCE_ALARM_RETENTION_JOB, {})).toEqual({
      name: ENFORCE_ALARM_RETENTION_JOB,
      data: {},
    }));

  it('given data that is not an object or another job name, then it is refused, naming why', () => {
    expect(errorOf(() => parseAlarmRetentionJob(ENFORCE_ALARM_RETENTION_JOB, 'now')).message).toMatch(/object/);
    expect(errorOf(() => parseAlarmRetentionJob('EscalateAlarm', {})).message).toMatch(/unknown job name/);
  });
});
