import { recordingSpansOverlapping, startsAtOrBefore, type RecordingEventBody } from './recording-spans';

const T = 1_800_000_000_000;
const started = (recordingId: string, from: number, directory?: string): RecordingEventBody => ({
  type: 'RecordingStarted',
  data: {
    cameraId: 'cam-1',
    recordingId,
    sessionIds: ['s'],
    from,
    triggeredAt: from + 3_000,
    at: from + 3_000,
    ...(directory === undefined ? {} : { directory }),
  },
});
const stopped = (recordingId: string, from: number, to: number, mediaTo = to): RecordingEventBody => ({
  type: 'RecordingStopped',
  data: {
    cameraId: 'cam-1',
    recordingId,
    sessionIds: ['s'],
    from,
    to,
    at: to,
    media: { from, to: mediaTo, segments: 3 },
  },
});

describe('recording spans of a camera', () => {
  const events: RecordingEventBody[] = [
    started('r1', T, '/rec/cam-1/r1'),
    stopped('r1', T, T + 10_000, T + 10_400),
    {
      type: 'RecordingGapDetected',
      data: {
        cameraId: 'cam-1',
        recordingIds: [],
        from: T + 11_000,
        to: T + 12_000,
        reason: 'stream-stalled',
        restarts: 0,
        at: T + 12_000,
      },
    },
    started('r2', T + 20_000, '/rec/cam-1/r2'),
  ];

  it('given a stopped and a running recording, then each with its folder, its end (the later of stop and last frame) or none', () => {
    expect(recordingSpansOverlapping(events, T, T + 60_000)).toEqual([
      { recordingId: 'r1', directory: '/rec/cam-1/r1', from: T, to: T + 10_400 },
      { recordingId: 'r2', directory: '/rec/cam-1/r2', from: T + 20_000 },
    ]);
  });

  it('given a range between the two, then neither; a recording starting just after the range counts within the lead', () => {
    expect(recordingSpansOverlapping(events, T + 11_000, T + 18_000)).toEqual([]);
    expect(recordingSpansOverlapping(events, T + 11_000, T + 18_000, 2_000).map((span) => span.recordingId)).toEqual([
      'r2',
    ]);
  });

  it('given a recording of an older worker, then its span has no folder', () => {
    expect(recordingSpansOverlapping([started('r0', T)], T, T + 1)).toEqual([{ recordingId: 'r0', from: T }]);
  });

  it('tells where a newest-first reading can stop', () => {
    expect(startsAtOrBefore(started('r2', T + 20_000), T + 20_000)).toBe(true);
    expect(startsAtOrBefore(started('r2', T + 20_000), T + 19_999)).toBe(false);
    expect(startsAtOrBefore(stopped('r1', T, T + 10_000), T + 20_000)).toBe(false);
  });
});
