import { errorOf } from './testing/job-payload.fixtures';
import {
  ENFORCE_RECORDING_STORAGE_JOB,
  isRecordingStorageJob,
  parseRecordingStorageJob,
  recordingStorageSchedulerId,
} from './recorder-storage-jobs';

describe('the recorder storage job', () => {
  it('given a valid payload, then the job', () => {
    expect(parseRecordingStorageJob(ENFORCE_RECORDING_STORAGE_JOB, { recorderId: 'recorder-1' })).toEqual({
      name: ENFORCE_RECORDING_STORAGE_JOB,
      data: { recorderId: 'recorder-1' },
    });
    expect(isRecordingStorageJob(ENFORCE_RECORDING_STORAGE_JOB)).toBe(true);
    expect(isRecordingStorageJob('StartRecording')).toBe(false);
  });

  it('given a missing recorder id or another job name, then it is refused, naming why', () => {
    expect(errorOf(() => parseRecordingStorageJob(ENFORCE_RECORDING_STORAGE_JOB, {})).message).toMatch(/recorderId/);
    expect(errorOf(() => parseRecordingStorageJob(ENFORCE_RECORDING_STORAGE_JOB, null)).message).toMatch(/object/);
    expect(errorOf(() => parseRecordingStorageJob('StartRecording', { recorderId: 'r' })).message).toMatch(
      /unknown job name/,
    );
  });

  it('given two recorders, then each has its own scheduler', () => {
    expect(recordingStorageSchedulerId('recorder-1')).not.toBe(recordingStorageSchedulerId('recorder-2'));
    expect(recordingStorageSchedulerId('recorder-1')).not.toContain(':');
  });
});
