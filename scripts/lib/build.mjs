// Compiles the TypeScript of apps, libs, migrations and bench into dist/ with swc (no type-check: `npm run
// typecheck` and `npm test` do that). swc rewrites the @vigil/* aliases to relative paths using .swcrc.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE_DIRS = ['apps', 'libs', 'migrations', 'bench'];

export function build({ log = console.log } = {}) {
  rmSync(`${ROOT}/dist`, { recursive: true, force: true });
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      `${ROOT}/node_modules/@swc/cli/bin/swc.js`,
      ...SOURCE_DIRS,
      '--out-dir',
      'dist',
      '--config-file',
      '.swcrc',
      '--ignore',
      '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts',
      '--quiet',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    throw new Error(`swc build failed (exit ${result.status})`);
  }
  log(`built dist/ in ${Date.now() - started} ms`);
}
