import { spawn } from 'node:child_process';

/**
 * Runs ffmpeg to completion (quiet, never reading stdin, overwriting its output) and rejects with the end of what it
 * wrote on stderr when it fails or cannot be started. For one-shot work: exports, stills, clips, test media.
 */
export const runFfmpeg = async (args: readonly string[], ffmpegPath = 'ffmpeg'): Promise<void> => {
  const child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (errors = (errors + text).slice(-4_000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) =>
      reject(new Error(`could not run ${ffmpegPath}: ${error.message} (npm test installs ffmpeg)`)),
    );
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) {
    throw new Error(`${ffmpegPath} failed (${code ?? 'signal'}): ${errors.trim().slice(-1_000)}`);
  }
};
