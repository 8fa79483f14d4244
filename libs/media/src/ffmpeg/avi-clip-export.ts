import { existsSync, statSync } from 'node:fs';
import { withConcatList } from './concat-list';
import { runFfmpeg } from './ffmpeg.runner';

/** The part of the concatenated segments to write: where to start in them, how much, and at which frame rate. */
export type ClipRange = Readonly<{ offsetMs: number; durationMs: number; frameRate: number }>;

/**
 * Writes an AVI clip (Motion JPEG video, no audio) of the segments concatenated in order, from `offsetMs` into them
 * for `durationMs`, at a constant `frameRate`: the clip a notification e-mails (FEATURES 4.2), which players and
 * mail clients show without an H.264/H.265 decoder (S2:7838). Frames are re-encoded, so the cut is frame-exact.
 * Gaps between segments are closed up, as in the MP4 export. Returns false when nothing was written.
 */
export const exportAviClip = async (
  segmentFiles: readonly string[],
  range: ClipRange,
  output: string,
  ffmpegPath = 'ffmpeg',
): Promise<boolean> => {
  if (segmentFiles.length === 0 || range.durationMs <= 0) {
    return false;
  }
  await withConcatList(segmentFiles, (list) =>
    runFfmpeg(
      ['-f', 'concat', '-safe', '0', '-i', list].concat(
        ['-ss', (range.offsetMs / 1_000).toFixed(3), '-t', (range.durationMs / 1_000).toFixed(3)],
        ['-map', '0:v:0', '-an', '-vf', `fps=${range.frameRate}`, '-c:v', 'mjpeg', '-q:v', '4'],
        ['-pix_fmt', 'yuvj420p', '-f', 'avi', output],
      ),
      ffmpegPath,
    ),
  );
  return existsSync(output) && statSync(output).size > 0;
};
