import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `use` with the path of an ffmpeg concat-demuxer list of these files (in a temporary folder removed after),
 * for `-f concat -safe 0 -i <list>`: how exports read a range of segments as one input.
 */
export const withConcatList = async <T>(files: readonly string[], use: (list: string) => Promise<T>): Promise<T> => {
  const work = mkdtempSync(join(tmpdir(), 'vigil-concat-'));
  const list = join(work, 'segments.txt');
  writeFileSync(list, files.map((file) => `file '${file.replace(/'/g, "'\\''")}'\n`).join(''));
  try {
    return await use(list);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};
