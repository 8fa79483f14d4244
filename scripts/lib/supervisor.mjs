// Runs the apps as child processes: prefixes their output with their name, restarts one that stops on its own
// (after 1 s, 2 s, 4 s ... at most 30 s; back to 1 s once it stayed up for a minute), and on SIGINT/SIGTERM stops
// them all (SIGTERM, then SIGKILL after 10 s).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const KILL_WAIT_MS = 5_000;

const describeExit = (code, signal) => (signal ? `signal ${signal}` : `code ${code}`);

/**
 * apps: [{ name, command, args, env }], env added to this process's environment. Children run detached (in their
 * own process group) so that a Ctrl-C in the terminal reaches only this process, which then stops them in order.
 * Returns { stopAll(): Promise<void>, stopped: Promise<NodeJS.Signals | undefined> }: stopped resolves once all
 * are stopped after stopAll() or a signal (with that signal). A second signal while stopping kills them at once.
 */
export function supervise(apps, { log = console.log, handleSignals = true } = {}) {
  const width = Math.max(...apps.map((app) => app.name.length));
  const supervised = apps.map((app) => ({ app, child: undefined, exited: undefined, timer: undefined, failures: 0 }));
  let stopping;
  let stopSignal;
  let resolveStopped;
  const stopped = new Promise((resolve) => {
    resolveStopped = resolve;
  });

  const pipeLines = (stream, name, out) => {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => out.write(`${name.padEnd(width)} | ${line}\n`));
  };

  const start = (entry) => {
    const { app } = entry;
    entry.timer = undefined;
    const startedAt = Date.now();
    let child;
    try {
      child = spawn(app.command, app.args ?? [], {
        env: { ...process.env, ...app.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
      });
    } catch (error) {
      onExit(entry, startedAt, `could not start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    entry.child = child;
    let done = false;
    entry.exited = new Promise((resolve) => {
      const finish = (how) => {
        if (done) {
          return;
        }
        done = true;
        entry.child = undefined;
        resolve(how);
        onExit(entry, startedAt, how);
      };
      child.once('exit', (code, signal) => finish(describeExit(code, signal)));
      child.once('error', (error) => finish(`could not start: ${error.message}`));
    });
    pipeLines(child.stdout, app.name, process.stdout);
    pipeLines(child.stderr, app.name, process.stderr);
  };

  const onExit = (entry, startedAt, how) => {
    const { app } = entry;
    if (stopping) {
      log(`${app.name} stopped (${how})`);
      return;
    }
    if (Date.now() - startedAt >= HEALTHY_AFTER_MS) {
      entry.failures = 0;
    }
    const delay = Math.min(FIRST_DELAY_MS * 2 ** entry.failures, MAX_DELAY_MS);
    entry.failures += 1;
    log(`${app.name} crashed (${how}); restarting in ${delay / 1000} s`);
    entry.timer = setTimeout(() => start(entry), delay);
  };

  /** Signals the child's whole process group (it runs detached), or the child alone where there are no groups. */
  const signalChild = (child, signal) => {
    try {
      if (process.platform !== 'win32' && child.pid) {
        process.kill(-child.pid, signal);
      } else {
        child.kill(signal);
      }
    } catch {
      child.kill(signal); // the group is gone already; the child itself may not be
    }
  };

  const killAll = () => {
    for (const entry of supervised) {
      if (entry.child) {
        signalChild(entry.child, 'SIGKILL');
      }
    }
  };

  const waitAll = (ms) => {
    let timer;
    const all = Promise.all(supervised.map((entry) => entry.exited)).then(() => true);
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    return Promise.race([all, timeout]).finally(() => clearTimeout(timer));
  };

  const stopAll = () => {
    stopping ??= (async () => {
      for (const entry of supervised) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        if (entry.child) {
          log(`stopping ${entry.app.name} (SIGTERM)`);
          signalChild(entry.child, 'SIGTERM');
        }
      }
      if (!(await waitAll(STOP_GRACE_MS))) {
        const left = supervised.filter((entry) => entry.child).map((entry) => entry.app.name);
        log(`${left.join(', ')} still running after ${STOP_GRACE_MS / 1000} s: SIGKILL`);
        killAll();
        await waitAll(KILL_WAIT_MS);
      }
      removeSignalHandlers();
      process.removeListener('exit', onProcessExit);
      resolveStopped(stopSignal);
    })();
    return stopping;
  };

  const onSignal = (signal) => {
    if (stopping) {
      log(`${signal} again: killing the apps`);
      killAll();
      return;
    }
    stopSignal = signal;
    log(`${signal}: stopping the apps`);
    void stopAll();
  };
  const removeSignalHandlers = () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  // Should this process exit without stopping them (a crash), do not leave the detached apps behind.
  const onProcessExit = () => {
    for (const entry of supervised) {
      if (entry.child) {
        signalChild(entry.child, 'SIGTERM');
      }
    }
  };
  process.on('exit', onProcessExit);

  for (const entry of supervised) {
    start(entry);
  }
  return { stopAll, stopped };
}
