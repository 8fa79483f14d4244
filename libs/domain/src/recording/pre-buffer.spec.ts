import { expiredSegments, preBufferSeconds, segmentsBetween, segmentsFrom } from './pre-buffer';

const T = 1_800_000_000_000;
/** One-second segments starting at keyframes 0.4 s past each second. */
const segments = Array.from({ length: 10 }, (_, n) => ({ start: T + n * 1000 + 400, end: T + n * 1000 + 1400 }));

describe('pre-buffer', () => {
  it('keeps everything from trigger − N, starting at most one GOP earlier', () => {
    const trigger = T + 8_000;
    const kept = segmentsFrom(segments, trigger - 3_000);
    expect(kept[0]!.start).toBeLessThanOrEqual(trigger - 3_000);
    expect(trigger - 3_000 - kept[0]!.start).toBeLessThan(1_000);
    expect(kept).toHaveLength(6);
  });

  it('keeps whole segments for a range', () => {
    expect(segmentsBetween(segments, T + 2_000, T + 4_000).map((s) => s.start)).toEqual([
      T + 1_400,
      T + 2_400,
      T + 3_400,
    ]);
  });

  it('lets go of segments older than the pre-buffer, but not the one holding its first instant', () => {
    const expired = expiredSegments(segments, T + 10_400, 3);
    expect(expired.map((s) => s.end)).toEqual([
      T + 1_400,
      T + 2_400,
      T + 3_400,
      T + 4_400,
      T + 5_400,
      T + 6_400,
      T + 7_400,
    ]);
  });

  it('caps a memory pre-buffer at 15 s', () => {
    expect(preBufferSeconds('memory', 30)).toBe(15);
    expect(preBufferSeconds('memory', 3)).toBe(3);
    expect(preBufferSeconds('disk', 30)).toBe(30);
  });
});
