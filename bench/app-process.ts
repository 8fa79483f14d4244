/**
 * What the benchmarks that run Vigil's apps share: a free port, an app (`dist/apps/<app>/src/main.js`) started as a
 * child process on the benchmark's database and stopped again, and JSON calls to the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The apps' node flags, as `npm start` runs them (scripts/lib/node-flags.json; this file runs from dist/bench/). */
const NODE_FLAGS = JSON.parse(
  readFileSync(resolve(__dirname, '..', '..', 'scripts', 'lib', 'node-flags.json'), 'utf8'),
) as Record<string, string[] | undefined>;
const nodeFlagsOf = (app: string): string[] => NODE_FLAGS[app] ?? [];

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

// A benchmark ended by a signal still stops the apps it started: exiting runs their 'exit' handlers (below), which
// the default signal handling would skip, leaving them running against the next run's database.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => process.exit(code));
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });

export type AppProcess = Readonly<{ child: ChildProcess; baseUrl: string; stop: () => Promise<void> }>;

export type AppOptions = Readonly<{
  /** `api`, `rule-engine` or `recorder-worker`. */
  app: string;
  /** The variable that holds the app's HTTP port (`PORT` for the API, `HEALTH_PORT` for the workers). */
  portVariable: string;
  env: Readonly<Record<string, string>>;
  /** Options for the app's node, e.g. `--prof`. */
  nodeArgs?: readonly string[];
  progress: (line: string) => void;
}>;

/** Starts the app and resolves once its `/ready` answers 200; `stop` sends SIGTERM (SIGKILL after 10 s). */
export const startApp = async (options: AppOptions): Promise<AppProcess> => {
  const { app, progress } = options;
  const port = await freePort();
  const main = resolve(__dirname, '..', 'apps', app, 'src', 'main.js');
  const child = spawn(
    process.execPath,
    [...nodeFlagsOf(app), ...(options.nodeArgs ?? []), '--enable-source-maps', main],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...options.env, [options.portVariable]: String(port) },
    },
  );
  let exited = false;
  const exit = new Promise<void>((done) => {
    child.once('exit', (code, signal) => {
      exited = true;
      progress(`the ${app} exited (${signal ?? `code ${code ?? '?'}`})`);
      done();
    });
  });
  // The last resort, should this process end without reaching stop().
  const killOnExit = (): void => {
    if (!exited) {
      child.kill('SIGKILL');
    }
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (exited) {
      return;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      progress(`the ${app} did not stop within 10 s of SIGTERM: SIGKILL`);
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exit;
    clearTimeout(timer);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      throw new Error(`the ${app} exited before it was ready`);
    }
    const status = await fetch(`${baseUrl}/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the ${app} was not ready within ${READY_TIMEOUT_MS / 1_000} s (last status ${status})`);
    }
    await sleep(200);
  }
  progress(`${app} ready on port ${port} (pid ${child.pid ?? '?'})`);
  return { child, baseUrl, stop };
};

/** A JSON call to the API; throws with the status and body unless it succeeds. */
export const callApi = async <T>(
  baseUrl: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<T> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
};
