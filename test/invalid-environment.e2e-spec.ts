import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

type Outcome = Readonly<{ code: number | null; stderr: string }>;

/** Runs an app's compiled entry point (npm test builds dist/ first) and collects how it ended. */
const runApp = (app: string, env: Record<string, string>): Promise<Outcome> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });

describe.each(['api', 'rule-engine', 'recorder-worker'])('%s start-up with an invalid environment', (app) => {
  it('exits non-zero naming each invalid variable, without echoing values', async () => {
    // Given a database URL with a password in it, of the wrong kind, and an unknown event store
    const secret = 'hunter2-secret';

    // When the app starts
    const outcome = await runApp(app, {
      DATABASE_URL: `mysql://vigil:${secret}@db.example/vigil`,
      EVENT_STORE: 'cassandra',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });

    // Then it exits with a message naming the variables, and the values appear nowhere
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${app} cannot start`);
    expect(outcome.stderr).toContain('DATABASE_URL');
    expect(outcome.stderr).toContain('EVENT_STORE');
    expect(outcome.stderr).not.toContain(secret);
    expect(outcome.stderr).not.toContain('cassandra');
  });
});
