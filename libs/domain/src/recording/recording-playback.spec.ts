import { checkPlaybackRange, PLAYBACK_RANGE_MAX_MS, selectPlaybackSegments } from './recording-playback';

const T = 1_800_000_000_000;
/** One-second segments starting at keyframes 0.4 s past each second, as one recording folder lists them. */
const recorded = (first: number, count: number, name = 'a') =>
  Array.from({ length: count }, (_, n) => ({
    file: `${name}/${T + (first + n) * 1000 + 400}.ts`,
    start: T + (first + n) * 1000 + 400,
    end: T + (first + n) * 1000 + 1400,
  }));

describe('playback range', () => {
  it('accepts a range up to the maximum', () => {
    expect(checkPlaybackRange(T, T + 1)).toBeUndefined();
    expect(checkPlaybackRange(T, T + PLAYBACK_RANGE_MAX_MS)).toBeUndefined();
  });

  it('refuses an empty or reversed range', () => {
    expect(checkPlaybackRange(T, T)).toBe('RECORDING_RANGE_INVALID');
    expect(checkPlaybackRange(T + 1, T)).toBe('RECORDING_RANGE_INVALID');
    expect(checkPlaybackRange(Number.NaN, T)).toBe('RECORDING_RANGE_INVALID');
  });

  it('refuses a range longer than the maximum', () => {
    expect(checkPlaybackRange(T, T + PLAYBACK_RANGE_MAX_MS + 1)).toBe('RECORDING_RANGE_TOO_LONG');
  });
});

describe('segments of a playback', () => {
  it('given one-second segments, when a range starts mid-segment, then it starts at that segment (its keyframe) and is cut at the end of the range', () => {
    // given
    const segments = recorded(0, 10);

    // when
    const selection = selectPlaybackSegments(segments, T + 2_000, T + 4_000);

    // then
    expect(selection?.segments.map((s) => s.start)).toEqual([T + 1_400, T + 2_400, T + 3_400]);
    expect(selection).toMatchObject({ from: T + 1_400, to: T + 4_000, cutAtEnd: true });
    expect(selection?.durationMs).toBe(2_600);
  });

  it('given a range ending on a segment boundary, then nothing is cut', () => {
    const selection = selectPlaybackSegments(recorded(0, 10), T + 2_400, T + 4_400);

    expect(selection?.segments.map((s) => s.start)).toEqual([T + 2_400, T + 3_400]);
    expect(selection).toMatchObject({ from: T + 2_400, to: T + 4_400, durationMs: 2_000, cutAtEnd: false });
  });

  it('given two recordings sharing the segment at their boundary, then it is played once, in time order', () => {
    // given recording b listed before a, both holding the segment starting at T + 4.4 s
    const segments = [...recorded(4, 3, 'b'), ...recorded(1, 4, 'a')];

    // when
    const selection = selectPlaybackSegments(segments, T, T + 10_000);

    // then
    expect(selection?.segments.map((s) => s.start)).toEqual([1, 2, 3, 4, 5, 6].map((n) => T + n * 1000 + 400));
    expect(selection).toMatchObject({ to: T + 7_400, cutAtEnd: false, durationMs: 6_000 });
  });

  it('given a gap in the media, then the gap is closed up: the duration counts the media only', () => {
    const segments = [...recorded(0, 2), ...recorded(5, 2)];

    const selection = selectPlaybackSegments(segments, T, T + 8_000);

    expect(selection?.segments).toHaveLength(4);
    expect(selection?.durationMs).toBe(4_000);
  });

  it('given a range with no media, then nothing is selected', () => {
    expect(selectPlaybackSegments(recorded(0, 3), T + 5_000, T + 6_000)).toBeUndefined();
    expect(selectPlaybackSegments([], T, T + 1_000)).toBeUndefined();
  });

  it('ignores an index line that is not a segment (no times, or an end before its start)', () => {
    const broken = [
      { file: 'x.ts', start: Number.NaN, end: T + 2_000 },
      { file: 'y.ts', start: T + 1_500, end: T + 1_000 },
    ];

    expect(selectPlaybackSegments(broken, T, T + 5_000)).toBeUndefined();
  });
});
