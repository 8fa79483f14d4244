import { errorOf, without } from './testing/job-payload.fixtures';
import type { RecorderJobName } from './recorder-jobs';
import {
  manualRecordingJobId,
  manualRecordingSequenceOf,
  manualRecordingSessionId,
  parseRecorderJob,
  PTZ_PRIORITY_RANGE,
} from './recorder-jobs';

const context = {
  deviceId: 'cam-1',
  ruleId: 'r-1',
  causationId: 'fired-1',
  correlationId: 'corr-1',
  triggeredAt: 1_767_607_200_000,
};
const session = { ...context, sessionId: 'r-1|device/cam-1|evt-1' };
const manual = { deviceId: 'cam-1', sessionId: 'manual-cam-1-1', correlationId: 'corr-1' };

const valid: Readonly<Record<RecorderJobName, Record<string, unknown>>> = {
  StartRecording: { ...session, preBufferSeconds: 3 },
  StopRecording: session,
  StartFeed: session,
  StopFeed: session,
  SetFrameRate: { ...session, stream: 'live', framesPerSecond: 25 },
  RestoreDefaultFrameRate: { ...session, stream: 'recording' },
  StartPatrolling: { ...session, patrollingProfileId: 'pp-1', priority: 100 },
  StopPatrolling: session,
  PausePatrolling: session,
  ResumePatrolling: session,
  MoveToPreset: { ...context, presetId: 'p-1', priority: 100 },
  MoveToDefaultPreset: { ...context, priority: 100 },
  ActivateOutput: context,
  DeactivateOutput: context,
  StartManualRecording: { ...manual, userId: 'u-1', autoStopAt: 1_767_607_500_000 },
  StopManualRecording: { ...manual, reason: 'user', userId: 'u-1' },
};
/** Fields a payload may leave out. */
const OPTIONAL: Readonly<Partial<Record<RecorderJobName, readonly string[]>>> = {
  MoveToDefaultPreset: ['priority'],
  StartManualRecording: ['autoStopAt'],
  StopManualRecording: ['userId'],
};
const NAMES = Object.keys(valid) as RecorderJobName[];

describe('parseRecorderJob', () => {
  it.each(NAMES)('given a valid %s payload, then it parses to the same data', (name) => {
    expect(parseRecorderJob(name, valid[name])).toEqual({ name, data: valid[name] });
  });

  it('given MoveToDefaultPreset without a priority, then it parses without one', () => {
    expect(parseRecorderJob('MoveToDefaultPreset', context)).toEqual({ name: 'MoveToDefaultPreset', data: context });
  });

  it.each(NAMES)('given a %s payload missing a field, then that field is named', (name) => {
    const required = Object.keys(valid[name]).filter((key) => !(OPTIONAL[name] ?? []).includes(key));
    for (const key of required) {
      const error = errorOf(() => parseRecorderJob(name, without(valid[name], key)));
      expect(error.code).toBe('INVALID_JOB_PAYLOAD');
      expect(error.details?.jobName).toBe(name);
      expect(error.details?.problem).toMatch(new RegExp(`^${key} must be`));
    }
  });

  it('given fields of the wrong type or range, then each is named', () => {
    const wrong: readonly (readonly [RecorderJobName, string, unknown])[] = [
      ['StartRecording', 'deviceId', ''],
      ['StartRecording', 'triggeredAt', 1.5],
      ['StartRecording', 'preBufferSeconds', -1],
      ['StartRecording', 'preBufferSeconds', 3601],
      ['StartRecording', 'sessionId', 7],
      ['SetFrameRate', 'stream', 'preview'],
      ['SetFrameRate', 'framesPerSecond', 0],
      ['SetFrameRate', 'framesPerSecond', 1001],
      ['RestoreDefaultFrameRate', 'stream', 'LIVE'],
      ['StartPatrolling', 'patrollingProfileId', ''],
      ['MoveToPreset', 'presetId', null],
      ['StartManualRecording', 'autoStopAt', -1],
      ['StartManualRecording', 'userId', ''],
      ['StopManualRecording', 'reason', 'timeout'],
      ['StopManualRecording', 'userId', 5],
    ];
    for (const [name, key, value] of wrong) {
      const error = errorOf(() => parseRecorderJob(name, { ...valid[name], [key]: value }));
      expect(error.details?.jobName).toBe(name);
      expect(error.details?.problem).toMatch(new RegExp(`^${key} must be`));
    }
  });

  it.each(['MoveToPreset', 'StartPatrolling', 'MoveToDefaultPreset'] as const)(
    'given %s, then the PTZ priority must be an integer from 1 to 32000',
    (name) => {
      for (const priority of [PTZ_PRIORITY_RANGE.min, PTZ_PRIORITY_RANGE.max, 1, 32_000]) {
        expect(parseRecorderJob(name, { ...valid[name], priority }).data).toMatchObject({ priority });
      }
      for (const priority of [0, 32_001, -5, 1.5, '100', null]) {
        const error = errorOf(() => parseRecorderJob(name, { ...valid[name], priority }));
        expect(error.details?.problem).toBe('priority must be an integer from 1 to 32000');
      }
    },
  );

  it('given manual recording jobs without their optional fields, then they parse without them', () => {
    const start = { ...manual, userId: 'u-1' };
    expect(parseRecorderJob('StartManualRecording', start)).toEqual({ name: 'StartManualRecording', data: start });
    const autoStop = { ...manual, reason: 'auto-stop' };
    expect(parseRecorderJob('StopManualRecording', autoStop)).toEqual({ name: 'StopManualRecording', data: autoStop });
  });

  it('given a camera and a sequence, then the manual session id reads back only for that camera', () => {
    const sessionId = manualRecordingSessionId('3f1c-cam', 12);
    expect(manualRecordingSequenceOf('3f1c-cam', sessionId)).toBe(12);
    expect(manualRecordingSequenceOf('other', sessionId)).toBeUndefined();
    for (const foreign of ['r-1|device/cam-1|evt-1', 'manual-3f1c-cam-0', 'manual-3f1c-cam-x', 'manual-3f1c-cam-']) {
      expect(manualRecordingSequenceOf('3f1c-cam', foreign)).toBeUndefined();
    }
  });

  it('given a manual session, then its start, stop and auto-stop have distinct ids without a colon', () => {
    const data = { sessionId: 'manual-cam:1-1' };
    const ids = [
      manualRecordingJobId({ name: 'StartManualRecording', data }),
      manualRecordingJobId({ name: 'StopManualRecording', data: { ...data, reason: 'user' } }),
      manualRecordingJobId({ name: 'StopManualRecording', data: { ...data, reason: 'auto-stop' } }),
    ];
    expect(new Set(ids).size).toBe(3);
    expect(ids.join('')).not.toContain(':');
    expect(manualRecordingJobId({ name: 'StartManualRecording', data })).toBe(ids[0]);
  });

  it('given an unknown job name or data that is not an object, then it is refused', () => {
    expect(errorOf(() => parseRecorderJob('Reboot', context)).details).toEqual({
      jobName: 'Reboot',
      problem: 'unknown job name',
    });
    for (const raw of [null, 'text', [context]]) {
      expect(errorOf(() => parseRecorderJob('StartFeed', raw)).details?.problem).toBe('the data is not an object');
    }
  });
});
