import { errorOf, without } from './testing/job-payload.fixtures';
import type { RecorderJobName } from './recorder-jobs';
import { parseRecorderJob, PTZ_PRIORITY_RANGE } from './recorder-jobs';

const context = {
  deviceId: 'cam-1',
  ruleId: 'r-1',
  causationId: 'fired-1',
  correlationId: 'corr-1',
  triggeredAt: 1_767_607_200_000,
};
const session = { ...context, sessionId: 'r-1|device/cam-1|evt-1' };

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
    const required = Object.keys(valid[name]).filter((key) => !(name === 'MoveToDefaultPreset' && key === 'priority'));
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
