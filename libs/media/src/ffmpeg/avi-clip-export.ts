import { existsSync, statSync } from 'node:fs';
import { withConcatList } from './concat-list';
import { runFfmpeg } from './ffmpeg.runner';

/** The part of the concatenated segments to write: where to start in them, how much, and at which frame rate. */
export type ClipRange = Readonly<{ offsetMs: number; durationMs: number; frameRate: number }>;

/**
 * How to encode a clip (the AVI generation settings, FEATURES 4.6): the compressor, and where it has them, the
 * compression quality (0 = least compression … 100 = most), a keyframe every N frames, a data rate in kB/s. A null
 * setting leaves it to the codec.
 */
export type AviEncoding = Readonly<{
  compressor: 'mjpeg' | 'mpeg4' | 'cinepak';
  compressionQuality: number | null;
  keyframeEvery: number | null;
  dataRateKBps: number | null;
}>;

/** ffmpeg's encoder options for an encoding; settings a compressor does not have were refused when saved. */
export const aviEncoderArguments = (encoding: AviEncoding): string[] => {
  // ffmpeg's qscale: 2 (best) to 31 (smallest); the seed's 0 (no compression) to 100 (maximum compression).
  const qscale =
    encoding.compressionQuality === null
      ? []
      : ['-q:v', String(2 + Math.round((encoding.compressionQuality / 100) * 29))];
  const rate = encoding.dataRateKBps === null ? [] : ['-b:v', `${encoding.dataRateKBps * 8}k`];
  // A data rate asks for rate control, which a fixed quality would override.
  const quality = rate.length > 0 ? rate : qscale;
  // Without keyframes every frame is a whole picture (S2:10692); with them, exactly every N frames (no extra
  // keyframes at scene changes).
  const gop = ['-g', String(encoding.keyframeEvery ?? 1), '-sc_threshold', '1000000000'];
  switch (encoding.compressor) {
    case 'mjpeg':
      return ['-c:v', 'mjpeg', ...quality, '-pix_fmt', 'yuvj420p'];
    case 'mpeg4':
      return ['-c:v', 'mpeg4', '-vtag', 'XVID', ...quality, ...gop, '-bf', '0', '-pix_fmt', 'yuv420p'];
    case 'cinepak':
      return ['-c:v', 'cinepak', ...gop];
  }
};

/**
 * Writes an AVI clip (video only) of the segments concatenated in order, from `offsetMs` into them for
 * `durationMs`, at a constant `frameRate`, encoded as `encoding` says: the clip a notification e-mails (FEATURES 4.2,
 * 4.6), which players and mail clients show without an H.264/H.265 decoder (S2:7838). Frames are re-encoded, so the
 * cut is frame-exact; sizes are rounded down to a multiple of 4 (Cinepak needs it). Gaps between
 * segments are closed up, as in the MP4 export. Returns false when nothing was written.
 */
export const exportAviClip = async (
  segmentFiles: readonly string[],
  range: ClipRange,
  encoding: AviEncoding,
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
        ['-map', '0:v:0', '-an', '-vf', `fps=${range.frameRate},scale=trunc(iw/4)*4:trunc(ih/4)*4`],
        aviEncoderArguments(encoding),
        ['-f', 'avi', output],
      ),
      ffmpegPath,
    ),
  );
  return existsSync(output) && statSync(output).size > 0;
};
