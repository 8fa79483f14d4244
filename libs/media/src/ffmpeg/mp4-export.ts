import { withConcatList } from './concat-list';
import { runFfmpeg } from './ffmpeg.runner';

/**
 * Concatenates MPEG-TS segments into one MP4 with ffmpeg's concat demuxer and `-c copy`: never re-encoded, so the
 * export is as fast as a file copy and bit-exact. Segments start at keyframes, so a range is exported as whole
 * segments (up to one GOP more at each end). Gaps between segments are closed up, not filled. `durationMs` cuts the
 * end: frames after that much media are left out (an end needs no keyframe, so the cut is frame-exact).
 */
export const exportMp4 = async (
  segmentFiles: readonly string[],
  output: string,
  ffmpegPath = 'ffmpeg',
  options: Readonly<{ durationMs?: number }> = {},
): Promise<void> => {
  if (segmentFiles.length === 0) {
    throw new Error('nothing to export: no segment in the range');
  }
  await withConcatList(segmentFiles, (list) =>
    runFfmpeg(
      ['-f', 'concat', '-safe', '0', '-i', list].concat(
        ['-map', '0', '-c', 'copy'],
        options.durationMs === undefined ? [] : ['-t', (options.durationMs / 1000).toFixed(3)],
        ['-movflags', '+faststart', output],
      ),
      ffmpegPath,
    ),
  );
};
