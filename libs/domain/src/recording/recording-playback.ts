import type { EpochMs } from '../access/access.types';
import { segmentsBetween, type SegmentSpan } from './pre-buffer';

/**
 * The longest range one playback or export request may ask for. The MP4 is written before it is sent (its index
 * goes first, `+faststart`), so a request costs disk and time in proportion to its range; longer spans are asked
 * for as consecutive ranges.
 */
export const PLAYBACK_RANGE_MAX_MS: EpochMs = 60 * 60 * 1_000;

/** Why a playback range is refused. Persisted in clients: do not rename. */
export type PlaybackRangeProblem = 'RECORDING_RANGE_INVALID' | 'RECORDING_RANGE_TOO_LONG';

/** A range [from, to) is played back when it is not empty and at most PLAYBACK_RANGE_MAX_MS long. */
export const checkPlaybackRange = (from: EpochMs, to: EpochMs): PlaybackRangeProblem | undefined => {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    return 'RECORDING_RANGE_INVALID';
  }
  return to - from > PLAYBACK_RANGE_MAX_MS ? 'RECORDING_RANGE_TOO_LONG' : undefined;
};

/**
 * What plays back a range: the segments to concatenate, in time order, and how much of their media to keep.
 * - `from`: the first segment's start, the keyframe at or before the asked `from` (a segment starts at a keyframe,
 *   so nothing earlier can be decoded without re-encoding).
 * - `to`: the asked `to`, or the end of the media when it ends earlier.
 * - `durationMs`: the media kept: every segment whole, the last one cut at `to` (an end needs no keyframe). Gaps
 *   between segments are closed up in the MP4, so this is less than `to - from` when the range holds gaps.
 */
export type PlaybackSelection<S extends SegmentSpan> = Readonly<{
  segments: readonly S[];
  from: EpochMs;
  to: EpochMs;
  durationMs: number;
  /** The last segment goes on after `to`: the MP4 is cut there. */
  cutAtEnd: boolean;
}>;

/**
 * The segments that play back [from, to): those overlapping it, each once (recordings that follow each other may
 * both hold the segment at their boundary), in time order. Undefined when nothing was recorded in the range.
 */
export const selectPlaybackSegments = <S extends SegmentSpan>(
  segments: readonly S[],
  from: EpochMs,
  to: EpochMs,
): PlaybackSelection<S> | undefined => {
  const byStart = new Map<EpochMs, S>();
  for (const segment of segmentsBetween(segments, from, to)) {
    const valid = Number.isFinite(segment.start) && Number.isFinite(segment.end) && segment.end > segment.start;
    if (valid && !byStart.has(segment.start)) {
      byStart.set(segment.start, segment);
    }
  }
  const selected = [...byStart.values()].sort((a, b) => a.start - b.start);
  const first = selected[0];
  const last = selected.at(-1);
  if (first === undefined || last === undefined) {
    return undefined;
  }
  const cutAtEnd = last.end > to;
  const durationMs = selected.reduce(
    (sum, segment) => sum + (segment === last ? Math.min(segment.end, to) : segment.end) - segment.start,
    0,
  );
  return { segments: selected, from: first.start, to: Math.min(last.end, to), durationMs, cutAtEnd };
};
