import { existsSync, statSync } from 'node:fs';
import { runFfmpeg } from './ffmpeg.runner';
import type { Segment } from './segment-list';

/**
 * Writes the frame shown at `at` (epoch ms) as a JPEG: the first frame at or after that instant in the segment that
 * holds it. The segment is decoded from its start up to that instant (`-ss` after the input: a seek inside an
 * MPEG-TS segment can miss its only keyframe); segments are about a second long, so that is at most one GOP.
 * Returns false when the segment has no frame from that instant on (the instant is in its last frame interval, or
 * the file is damaged).
 */
export const exportStillImage = async (
  segment: Segment,
  at: number,
  output: string,
  ffmpegPath = 'ffmpeg',
): Promise<boolean> => {
  const offsetSeconds = Math.max(0, at - segment.start) / 1_000;
  await runFfmpeg(
    ['-i', segment.file, '-ss', offsetSeconds.toFixed(3), '-frames:v', '1', '-an', '-q:v', '3', '-f', 'image2', output],
    ffmpegPath,
  );
  return existsSync(output) && statSync(output).size > 0;
};
