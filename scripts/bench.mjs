// `npm run bench -- <name>`: runs the benchmark bench/<name>.bench.ts against a fresh, migrated database
// `vigil_bench_<name>` on the same PostgreSQL and Redis as `npm start` and `npm test` (started when needed, and
// stopped again afterwards). The benchmark gets BENCH_DATABASE_URL and REDIS_URL, prints its summary and writes
// bench/results/<name>.json. Without a name, or with an unknown one, lists the benchmarks and exits 1.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { build, ROOT } from './lib/build.mjs';
import { ensureInstalled } from './lib/install.mjs';
import { nodeFlagsOf } from './lib/node-flags.mjs';

const SUFFIX = '.bench.ts';
/**
 * Benchmarks that run an app's code in their own process, not as a child app: they run with that app's node flags
 * (the apps they start as processes get theirs from bench/app-process.ts).
 */
const IN_PROCESS_APP = { rules: 'rule-engine' };
const log = (line) => console.log(`[bench] ${line}`);

const availableBenchmarks = () =>
  readdirSync(`${ROOT}/bench`)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();

/** The benchmark's database: its name with anything but [a-z0-9_] replaced, so that it needs no quoting in psql. */
const benchDatabaseUrl = (serverUrl, name) => {
  const url = new URL(serverUrl);
  url.pathname = `/vigil_bench_${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  return url.toString();
};

/** Runs the compiled benchmark as a child process; resolves with its exit code. */
const runBenchmark = (file, env, nodeFlags) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, '--enable-source-maps', file], {
      cwd: ROOT,
      stdio: 'inherit',
      env,
    });
    // Ctrl-C reaches the child through the terminal; a signal sent to this process alone is passed on, and in
    // both cases we wait for the child to end so that the services are stopped afterwards.
    const forward = (signal) => {
      log(`${signal}: stopping the benchmark`);
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      log(`could not start the benchmark: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });

const name = process.argv[2];
const available = availableBenchmarks();
if (!name || !available.includes(name)) {
  console.error(name ? `[bench] unknown benchmark "${name}"` : '[bench] usage: npm run bench -- <name>');
  console.error(`[bench] available: ${available.length > 0 ? available.join(', ') : '(none)'}`);
  process.exit(1);
}

ensureInstalled({ log });
// Loaded after the install step: they need packages from node_modules.
const { recreateDatabase, runMigrations } = await import('./lib/database.mjs');
const { ensureServices } = await import('./lib/services.mjs');
const services = await ensureServices({ log });
let exitCode = 1;
try {
  build({ log });
  const databaseUrl = benchDatabaseUrl(services.databaseUrl, name);
  await recreateDatabase(databaseUrl);
  await runMigrations(databaseUrl, { log });
  log(`running ${name} on database ${new URL(databaseUrl).pathname.slice(1)}`);
  exitCode = await runBenchmark(
    `${ROOT}/dist/bench/${name}.bench.js`,
    { ...process.env, BENCH_DATABASE_URL: databaseUrl, REDIS_URL: services.redisUrl },
    nodeFlagsOf(IN_PROCESS_APP[name] ?? ''),
  );
  log(exitCode === 0 ? `${name} finished` : `${name} failed (exit ${exitCode})`);
} catch (error) {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await services.stop();
}
process.exit(exitCode);
