// `npm start` as a user runs it: scripts/start.mjs brings up the api and both workers against a fresh database, and
// Ctrl-C (SIGINT) stops them all.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..');
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigil';
const READY_TIMEOUT_MS = 90_000;
const EXIT_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 250;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Three distinct ports that were free a moment ago (held open together so the kernel cannot repeat one). */
async function freePorts(): Promise<[number, number, number]> {
  const listen = (): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
  const servers = await Promise.all([listen(), listen(), listen()]);
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  const [a, b, c] = ports;
  if (a === undefined || b === undefined || c === undefined) {
    throw new Error('could not find three free ports');
  }
  return [a, b, c];
}

/** The HTTP status of a GET, or undefined when nothing answers. */
async function statusOf(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Polls condition() until it holds; fails with describe() once the deadline passes. */
async function waitUntil(
  condition: () => Promise<boolean>,
  { timeoutMs, describe }: { timeoutMs: number; describe: () => string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() >= deadline) {
      throw new Error(`not within ${timeoutMs / 1000} s: ${describe()}`);
    }
    await delay(POLL_INTERVAL_MS);
  }
}

/** Resolves with the exit, or undefined when the process has not exited within ms. */
async function exitWithin(exited: Promise<Exit>, ms: number): Promise<Exit | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function dropDatabase(url: string): Promise<void> {
  const maintenance = new URL(url);
  const name = decodeURIComponent(maintenance.pathname.slice(1));
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

describe('npm start (scripts/start.mjs)', () => {
  const databaseUrl = withDatabase(BASE_DATABASE_URL, `vigil_start_e2e_${randomBytes(4).toString('hex')}`);
  let start: ChildProcess | undefined;
  let exited: Promise<Exit> | undefined;
  let output = '';

  const lastOutput = (): string => output.split('\n').slice(-40).join('\n');

  afterAll(async () => {
    // A test that failed half-way leaves it running: stop it the way a user would, and kill it if that fails.
    if (start && exited && start.exitCode === null && start.signalCode === null) {
      start.kill('SIGINT');
      if (!(await exitWithin(exited, EXIT_TIMEOUT_MS))) {
        start.kill('SIGKILL');
      }
    }
    await dropDatabase(databaseUrl);
  });

  it('starts the api and both workers, and stops them all on SIGINT', async () => {
    // given three free ports and the name of a database that does not exist yet
    const [apiPort, ruleEnginePort, recorderPort] = await freePorts();
    const urls = [
      `http://127.0.0.1:${apiPort}/ready`,
      `http://127.0.0.1:${ruleEnginePort}/health`,
      `http://127.0.0.1:${recorderPort}/health`,
    ];

    // when npm start runs
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(apiPort),
        RULE_ENGINE_HEALTH_PORT: String(ruleEnginePort),
        RECORDER_HEALTH_PORT: String(recorderPort),
        DATABASE_URL: databaseUrl,
        // npm test built dist/ once; rebuilding it here would pull it from under the other end-to-end tests.
        VIGIL_SKIP_BUILD: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start = child;
    exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // then the api is ready and both workers are healthy
    let statuses: (number | undefined)[] = [];
    await waitUntil(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`start.mjs exited early (${child.exitCode ?? child.signalCode}):\n${lastOutput()}`);
        }
        statuses = await Promise.all(urls.map(statusOf));
        return statuses.every((status) => status === 200);
      },
      {
        timeoutMs: READY_TIMEOUT_MS,
        describe: () =>
          `${urls.map((url, i) => `${url} -> ${statuses[i] ?? 'no answer'}`).join(', ')}\n${lastOutput()}`,
      },
    );

    // when it gets SIGINT (Ctrl-C)
    child.kill('SIGINT');

    // then it exits cleanly within 20 s
    const exit = await exitWithin(exited, EXIT_TIMEOUT_MS);
    if (!exit) {
      throw new Error(`start.mjs still running ${EXIT_TIMEOUT_MS / 1000} s after SIGINT:\n${lastOutput()}`);
    }
    expect(exit.code === 0 || exit.signal !== null).toBe(true);

    // and none of the apps answers any more
    await waitUntil(async () => (await Promise.all(urls.map(statusOf))).every((status) => status === undefined), {
      timeoutMs: 5_000,
      describe: () => `an app still answers after start.mjs exited\n${lastOutput()}`,
    });
  }, 150_000);
});
