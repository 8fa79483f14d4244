// The pre-encoded media the simulated cameras serve, made once with ffmpeg and kept in a cache directory: an H.264
// Annex B loop with a fixed GOP (an IDR every second, no B-frames, SPS/PPS before each IDR so a client can start
// at any keyframe) and a JPEG snapshot. Encoding happens once per resolution and frame rate; serving costs no
// encoding at all. Files are written under a temporary name and renamed, so concurrent test files never read a
// half-written loop.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runFfmpeg } from '../ffmpeg/ffmpeg.runner';

export type VideoFormat = Readonly<{ width: number; height: number; fps: number }>;

export type LoopOptions = VideoFormat &
  Readonly<{
    /** Length of the loop; a whole number of seconds keeps every loop boundary on an IDR. */
    seconds?: number;
    ffmpeg?: string;
  }>;

const produce = async (path: string, make: (temporary: string) => Promise<void>): Promise<string> => {
  if (existsSync(path)) {
    return path;
  }
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await make(temporary);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
  return path;
};

const checkFormat = ({ width, height, fps }: VideoFormat): void => {
  if (![width, height, fps].every((n) => Number.isInteger(n) && n > 0) || width % 2 || height % 2 || fps > 120) {
    throw new Error(`invalid video format ${width}x${height}@${fps} (even sizes, 1-120 fps)`);
  }
};

/** The H.264 loop for this format in cacheDir, encoding it first if needed; returns its path. */
export const ensureH264Loop = async (cacheDir: string, options: LoopOptions): Promise<string> => {
  checkFormat(options);
  const { width, height, fps } = options;
  const seconds = options.seconds ?? 10;
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `loop-${width}x${height}-${fps}fps-${seconds}s.h264`);
  return produce(path, (temporary) =>
    runFfmpeg(
      [
        '-f',
        'lavfi',
        '-i',
        `testsrc2=size=${width}x${height}:rate=${fps}`,
        '-t',
        String(seconds),
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-profile:v',
        'main',
        '-pix_fmt',
        'yuv420p',
        '-bf',
        '0',
        '-g',
        String(fps),
        '-keyint_min',
        String(fps),
        '-sc_threshold',
        '0',
        '-b:v',
        `${Math.max(500, Math.round((width * height * fps) / 10_000))}k`,
        '-x264-params',
        'repeat-headers=1',
        '-f',
        'h264',
        temporary,
      ],
      options.ffmpeg ?? 'ffmpeg',
    ),
  );
};

/** A JPEG snapshot of this size in cacheDir (made once); returns its path. */
export const ensureSnapshotJpeg = async (
  cacheDir: string,
  size: Readonly<{ width: number; height: number }>,
  ffmpeg = 'ffmpeg',
): Promise<string> => {
  checkFormat({ ...size, fps: 1 });
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `snapshot-${size.width}x${size.height}.jpg`);
  return produce(path, (temporary) =>
    runFfmpeg(
      [
        '-f',
        'lavfi',
        '-i',
        `testsrc2=size=${size.width}x${size.height}:rate=1`,
        '-frames:v',
        '1',
        '-f',
        'image2',
        '-c:v',
        'mjpeg',
        temporary,
      ],
      ffmpeg,
    ),
  );
};
