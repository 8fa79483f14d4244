import type { EpochMs } from '../access/access.types';
import { PRE_BUFFER_MEMORY_MAX_SECONDS, type PreBufferLocation } from '../cameras/camera';

/**
 * Pre-buffer (FEATURES 6.1.6, 6.2): the worker keeps the last seconds of every camera's stream as short segments,
 * each starting at a keyframe. A start at trigger time T with pre-buffer N keeps every segment that ends after
 * T − N: the first one starts at the keyframe at or before T − N, so at most one GOP earlier.
 */
// The locations, the 15 s memory cap and the 3 s default are the camera's recording settings (cameras/camera.ts).

export type SegmentSpan = Readonly<{ start: EpochMs; end: EpochMs }>;

/** How many seconds a camera's pre-buffer holds: memory is reduced to 15 s, as Milestone does on switching. */
export const preBufferSeconds = (location: PreBufferLocation, seconds: number): number =>
  Math.max(0, location === 'memory' ? Math.min(seconds, PRE_BUFFER_MEMORY_MAX_SECONDS) : seconds);

/** The segments a recording keeps from `from` on: every segment that ends after it. */
export const segmentsFrom = <S extends SegmentSpan>(segments: readonly S[], from: EpochMs): S[] =>
  segments.filter((segment) => segment.end > from);

/** The segments a recording that ends at `to` keeps: every segment that starts before it. */
export const segmentsUntil = <S extends SegmentSpan>(segments: readonly S[], to: EpochMs): S[] =>
  segments.filter((segment) => segment.start < to);

/** The segments of a range [from, to): those that overlap it (whole segments: media is never cut mid-GOP). */
export const segmentsBetween = <S extends SegmentSpan>(segments: readonly S[], from: EpochMs, to: EpochMs): S[] =>
  segmentsUntil(segmentsFrom(segments, from), to);

/**
 * The segments the pre-buffer may delete at `now`: those ending `keepSeconds` or more ago. The segment that holds
 * `now − keepSeconds` stays, so a start with the full pre-buffer still finds its keyframe.
 */
export const expiredSegments = <S extends SegmentSpan>(
  segments: readonly S[],
  now: EpochMs,
  keepSeconds: number,
): S[] => segments.filter((segment) => segment.end <= now - keepSeconds * 1000);
