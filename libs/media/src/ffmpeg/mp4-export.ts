import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  const work = mkdtempSync(join(tmpdir(), 'vigil-export-'));
  const list = join(work, 'segments.txt');
  writeFileSync(list, segmentFiles.map((file) => `file '${file.replace(/'/g, "'\\''")}'\n`).join(''));
  try {
    const child = spawn(
      ffmpegPath,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list].concat(
        ['-map', '0', '-c', 'copy'],
        options.durationMs === undefined ? [] : ['-t', (options.durationMs / 1000).toFixed(3)],
        ['-movflags', '+faststart', output],
      ),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    if (code !== 0) {
      throw new Error(`ffmpeg export failed (${code ?? 'signal'}): ${errors.trim().slice(0, 500)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};
