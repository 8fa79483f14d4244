import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version of Vigil this worker runs: the root package.json's, found from src/ under jest and from dist/. */
export const recorderVersion = (from = __dirname): string => {
  for (let directory = from; ; directory = dirname(directory)) {
    const file = join(directory, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'vigil' && typeof manifest.version === 'string') {
        return manifest.version;
      }
    }
    if (dirname(directory) === directory) {
      return 'unknown';
    }
  }
};
