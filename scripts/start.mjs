// `npm start`: installs the dependencies and the media tools (ffmpeg, GStreamer) if needed, makes PostgreSQL and
// Redis answer (starting them if needed), builds, creates and migrates the database, then runs the api, the rule
// engine and the recorder worker until Ctrl-C, restarting any that crashes. Ctrl-C stops the apps, then whatever
// services this started.
//
// Environment: DATABASE_URL, REDIS_URL (defaults: the local servers), PORT (api, 3000), RULE_ENGINE_HEALTH_PORT
// (3001), RECORDER_HEALTH_PORT (3002), VIGIL_DEMO_CAMERAS (0); the rest is passed on to the apps.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, build } from './lib/build.mjs';
import { ensureInstalled } from './lib/install.mjs';
import { ensureMediaTools } from './lib/media-tools.mjs';
import { nodeFlagsOf } from './lib/node-flags.mjs';
import { supervise } from './lib/supervisor.mjs';

const log = (message) => console.log(`[start] ${message}`);
const errorMessage = (error) => (error instanceof Error ? error.message : String(error));

const apiPort = process.env.PORT || '3000';
const ruleEnginePort = process.env.RULE_ENGINE_HEALTH_PORT || '3001';
const recorderPort = process.env.RECORDER_HEALTH_PORT || '3002';
// VIGIL_DEMO_CAMERAS=N also runs N simulated cameras (as `npm run cameras -- --count N`); off by default, so that
// `npm start` takes no ports beyond the apps' own.
const demoCameras = Number(process.env.VIGIL_DEMO_CAMERAS || '0');
if (!Number.isInteger(demoCameras) || demoCameras < 0) {
  console.error('[start] VIGIL_DEMO_CAMERAS must be a whole number');
  process.exit(1);
}

// Until the apps run, a signal stops what has been started so far; a second one exits at once (the services'
// own exit handlers still take down what they started).
let interrupted;
let services;
const onEarlySignal = (signal) => {
  if (interrupted) {
    process.exit(130);
  }
  interrupted = signal;
  log(`${signal}: stopping after the current step`);
};
process.on('SIGINT', onEarlySignal);
process.on('SIGTERM', onEarlySignal);

async function stopIfInterrupted() {
  if (interrupted) {
    await services?.stop();
    log('stopped');
    process.exit(0);
  }
}

async function main() {
  ensureInstalled({ log });
  ensureMediaTools({ log });
  await stopIfInterrupted();
  // Loaded only now: they need what npm ci installs.
  const { ensureServices, maskUrl } = await import('./lib/services.mjs');
  const { ensureDatabase, runMigrations } = await import('./lib/database.mjs');

  services = await ensureServices({ log, dataDir: join(ROOT, '.data') });
  const { databaseUrl, redisUrl } = services;
  await stopIfInterrupted();

  // VIGIL_SKIP_BUILD=1: run the dist/ already built (npm test builds once, and its tests share that dist/).
  if (process.env.VIGIL_SKIP_BUILD !== '1') {
    build({ log });
  }
  await stopIfInterrupted();
  await ensureDatabase(databaseUrl, { log });
  await runMigrations(databaseUrl, { log });
  await stopIfInterrupted();

  const node = process.execPath;
  const common = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl };
  const apps = [
    { name: 'api', main: 'dist/apps/api/src/main.js', env: { ...common, PORT: apiPort } },
    { name: 'rule-engine', main: 'dist/apps/rule-engine/src/main.js', env: { ...common, HEALTH_PORT: ruleEnginePort } },
    {
      name: 'recorder-worker',
      main: 'dist/apps/recorder-worker/src/main.js',
      env: { ...common, HEALTH_PORT: recorderPort },
    },
  ];
  if (demoCameras > 0) {
    apps.push({
      name: 'cameras',
      main: 'dist/libs/media/src/simulator/cameras.main.js',
      args: ['--count', String(demoCameras), '--cache-dir', join(ROOT, '.data/media')],
      env: {},
    });
  }
  const missing = apps.filter((app) => !existsSync(join(ROOT, app.main))).map((app) => app.main);
  if (missing.length > 0) {
    throw new Error(`the build did not produce ${missing.join(', ')}`);
  }

  process.removeListener('SIGINT', onEarlySignal);
  process.removeListener('SIGTERM', onEarlySignal);
  const supervisor = supervise(
    apps.map((app) => ({
      name: app.name,
      command: node,
      args: [...nodeFlagsOf(app.name), join(ROOT, app.main), ...(app.args ?? [])],
      env: app.env,
    })),
    { log },
  );

  log(`database:    ${maskUrl(databaseUrl)}`);
  log(`redis:       ${maskUrl(redisUrl)}`);
  log(`API:         http://localhost:${apiPort}`);
  log(`readiness:   http://localhost:${apiPort}/ready`);
  log(`OpenAPI:     http://localhost:${apiPort}/api/docs`);
  log(`rule-engine: http://localhost:${ruleEnginePort}/health`);
  log(`recorder:    http://localhost:${recorderPort}/health`);
  if (demoCameras > 0) {
    log(`cameras:     ${demoCameras} simulated, ONVIF from http://localhost:8081, RTSP rtsp://localhost:8554/cam-1 …`);
  }
  log('Ctrl-C stops everything');

  await supervisor.stopped;
  await services.stop();
  log('stopped');
  process.exit(0);
}

main().catch(async (error) => {
  console.error(`[start] ${errorMessage(error)}`);
  await services?.stop().catch(() => undefined);
  process.exit(1);
});
