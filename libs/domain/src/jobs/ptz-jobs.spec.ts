import { parsePtzManualJob, isPtzManualJobName } from './ptz-jobs';
import { errorOf, without } from './testing/job-payload.fixtures';

const session = { cameraId: 'cam-1', sessionId: 'sess-1', userId: 'user-1' };
const valid: readonly (readonly [string, Record<string, unknown>])[] = [
  ['PtzManualCommand', { ...session, action: 'continuousMove', x: 0.5, y: -0.25, zoom: 0, timeoutMs: 1_000 }],
  ['PtzManualCommand', { ...session, action: 'relativeMove', x: -2, y: 2, zoom: 1 }],
  ['PtzManualCommand', { ...session, action: 'gotoPreset', presetToken: '2' }],
  ['PtzManualCommand', { ...session, action: 'gotoHome' }],
  ['PtzManualCommand', { ...session, action: 'stop' }],
  ['PtzSessionTimeout', { cameraId: 'cam-1', sessionId: 'sess-1', expiresAt: 1_767_607_215_000 }],
];

describe('parsePtzManualJob', () => {
  it.each(valid)('given a valid %s payload %j, then it parses to the same data', (name, data) => {
    expect(parsePtzManualJob(name, data)).toEqual({ name, data });
  });

  it.each(valid)('given a %s payload %j missing a field, then that field is named', (name, data) => {
    for (const key of Object.keys(data)) {
      const error = errorOf(() => parsePtzManualJob(name, without(data, key)));
      expect(error.details?.problem).toMatch(new RegExp(`^${key} must be`));
    }
  });

  it('given velocities out of range, an unknown action or an unknown job, then they are refused', () => {
    const move = { ...session, action: 'continuousMove', x: 0, y: 0, zoom: 0, timeoutMs: 1_000 };
    for (const [key, value] of [
      ['x', 1.5],
      ['y', Number.NaN],
      ['zoom', '0.5'],
      ['timeoutMs', 60_001],
      ['action', 'absoluteMove'],
    ] as const) {
      const error = errorOf(() => parsePtzManualJob('PtzManualCommand', { ...move, [key]: value }));
      expect(error.details?.problem).toMatch(new RegExp(`^${key} must be`));
    }
    expect(errorOf(() => parsePtzManualJob('PtzPatrol', session)).details?.problem).toBe('unknown job name');
  });

  it('tells its job names apart from the rules’ recorder jobs', () => {
    expect(isPtzManualJobName('PtzManualCommand')).toBe(true);
    expect(isPtzManualJobName('PtzSessionTimeout')).toBe(true);
    expect(isPtzManualJobName('MoveToPreset')).toBe(false);
  });
});
