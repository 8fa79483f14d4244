// Compiles the TypeScript of apps, libs, migrations and bench into dist/ with swc (no type-check: `npm run
// typecheck` and `npm test` do that). swc rewrites the @vigil/* aliases to relative paths using .swcrc. Files served
// as they are (the operator console's `static/` folders) are copied, not compiled.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE_DIRS = ['apps', 'libs', 'migrations', 'bench'];
/** Served to browsers as they are: no build step. */
const STATIC_DIRS = ['apps/api/src/console/static'];

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
      '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/static/**',
      '--quiet',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    throw new Error(`swc build failed (exit ${result.status})`);
  }
  for (const dir of STATIC_DIRS) {
    cpSync(`${ROOT}/${dir}`, `${ROOT}/dist/${dir}`, { recursive: true });
  }
  log(`built dist/ in ${Date.now() - started} ms`);
}
