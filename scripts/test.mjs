// `npm test`: the same set-up as `npm start` (dependencies, media tools, PostgreSQL, Redis), Debian's chromium for the
// operator console's browser test, a migrated template database that every integration test file clones, then lint,
// type-check and every jest tier. Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { build, ROOT } from './lib/build.mjs';
import { ensureBrowser } from './lib/browser.mjs';
import { ensureInstalled } from './lib/install.mjs';
import { ensureMediaTools } from './lib/media-tools.mjs';

// VIGIL_TEST_TEMPLATE lets two checkouts run their tests side by side on one server without sharing a template.
const TEMPLATE = process.env.VIGIL_TEST_TEMPLATE ?? 'vigil_test_template';
const log = (line) => console.log(`[test] ${line}`);

const run = (label, command, args, env = process.env) => {
  log(label);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  if (result.status !== 0) {
    log(`${label} failed (exit ${result.status ?? result.signal})`);
    return false;
  }
  log(`${label} passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
};

ensureInstalled({ log });
ensureMediaTools({ log });
ensureBrowser({ log });
// Loaded after the install step: they need packages from node_modules.
const { recreateDatabase, runMigrations } = await import('./lib/database.mjs');
const { ensureServices } = await import('./lib/services.mjs');
const services = await ensureServices({ log });
let ok = false;
try {
  build({ log });
  const serverUrl = new URL(services.databaseUrl);
  serverUrl.pathname = '';
  const server = serverUrl.toString().replace(/\/$/, '');
  const templateUrl = `${server}/${TEMPLATE}`;
  await recreateDatabase(templateUrl);
  await runMigrations(templateUrl, { log });
  const env = {
    ...process.env,
    TEST_DATABASE_SERVER_URL: server,
    VIGIL_TEST_TEMPLATE: TEMPLATE,
    REDIS_URL: services.redisUrl,
  };
  const jestArgs = process.argv.slice(2);
  const bin = (name) => `${ROOT}/node_modules/${name}`;
  ok =
    (jestArgs.length > 0 ||
      (run('lint', process.execPath, [bin('eslint/bin/eslint.js'), '.', '--max-warnings', '0']) &&
        run('format', process.execPath, [bin('prettier/bin/prettier.cjs'), '--check', '.']) &&
        run('typecheck', process.execPath, [bin('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']))) &&
    run('jest', process.execPath, [bin('jest/bin/jest.js'), '--ci', ...jestArgs], env);
} finally {
  await services.stop();
}
process.exit(ok ? 0 : 1);
