import { parseRecorderHeartbeat, recorderHeartbeatKey } from './recorder-heartbeat';

describe('recorder heartbeat', () => {
  it('given a prefix and a recorder, then the key is namespaced by both', () =>
    expect(recorderHeartbeatKey('vigil', 'recorder-2')).toBe('vigil:recorder-heartbeat:recorder-2'));

  it('given a value written by a worker, then it reads back', () =>
    expect(
      parseRecorderHeartbeat(JSON.stringify({ recorderId: 'recorder-2', at: 5, startedAt: 1, cameraIds: ['a'] })),
    ).toEqual({ recorderId: 'recorder-2', at: 5, startedAt: 1, cameraIds: ['a'] }));

  it.each([
    ['no key', null],
    ['not JSON', '{'],
    ['not an object', '42'],
    ['a missing time', JSON.stringify({ recorderId: 'r', startedAt: 1, cameraIds: [] })],
    ['camera ids that are not strings', JSON.stringify({ recorderId: 'r', at: 1, startedAt: 1, cameraIds: [1] })],
  ])('given %s, then there is no heartbeat', (_what, raw) => expect(parseRecorderHeartbeat(raw)).toBeUndefined());
});
