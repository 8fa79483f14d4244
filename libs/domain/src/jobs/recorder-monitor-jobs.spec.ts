import { errorOf } from './testing/job-payload.fixtures';
import { CHECK_RECORDERS_JOB, parseRecorderMonitorJob, RECORDER_MONITOR_QUEUE } from './recorder-monitor-jobs';
import { RECORDER_QUEUE_PREFIX } from './queues';

describe('parseRecorderMonitorJob', () => {
  it('given CheckRecorders with an object, then the check', () =>
    expect(parseRecorderMonitorJob(CHECK_RECORDERS_JOB, {})).toEqual({ type: 'CheckRecorders' }));

  it('given another job name, then it is refused as unknown', () =>
    expect(errorOf(() => parseRecorderMonitorJob('StartRecording', {})).message).toMatch(/unknown job name/));

  it('given data that is not an object, then it is refused', () =>
    expect(errorOf(() => parseRecorderMonitorJob(CHECK_RECORDERS_JOB, 'now')).message).toMatch(/not an object/));

  it("given the recorders' own queues, then the monitor's queue is none of them", () =>
    expect(RECORDER_MONITOR_QUEUE.startsWith(`${RECORDER_QUEUE_PREFIX}-`)).toBe(false));
});
