// The rule engine as a process, killed with SIGKILL in the middle of a stream and started again: every firing and
// every job exists exactly once afterwards (deterministic event and job ids, progress committed after dispatch).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { RECORDER_QUEUE_PREFIX, ruleStream, type NewEvent, type RuleDefinition } from '@vigil/domain';
import { PostgresEventStore, QueueRegistry } from '@vigil/infrastructure';
import type { Queue } from 'bullmq';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../libs/infrastructure/src/testing/test-database';
import { freePort } from '../../../libs/infrastructure/src/testing/wait.fixtures';

const MAIN = join(__dirname, '..', '..', '..', 'dist', 'apps', 'rule-engine', 'src', 'main.js');
const CAMERAS = 40;
const ROUNDS = 50; // per camera: MotionStarted, MotionStopped, ROUNDS times
const EXPECTED = CAMERAS * ROUNDS * 2; // one firing and one job per event

const rule: RuleDefinition = {
  id: 'r-record-on-motion',
  name: 'Record on motion',
  description: '',
  active: true,
  trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'all', deviceKinds: ['cameras'] } },
  conditions: [],
  actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }],
  stop: {
    criterion: { kind: 'onEvent', eventType: 'MotionStopped', sources: { kind: 'all', deviceKinds: ['cameras'] } },
    actions: [{ type: 'StopRecording', delaySeconds: 0 }],
  },
};

describe('rule engine killed mid-stream', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let pool: Pool;
  let queues: QueueRegistry;
  let queue: Queue;
  let engine: ChildProcess | undefined;
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;

  const startEngine = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        QUEUE_PREFIX: prefix,
        HEALTH_PORT: String(await freePort()),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return child;
  };

  const firingsRecorded = async (): Promise<number> =>
    Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM rule_engine.firings')).rows[0]?.n ?? 0);

  const until = async (condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
    pool = new Pool({ connectionString: database.url, max: 2 });
    // pool.end() resolves before its clients' connections have closed; the database's drop (WITH FORCE) then ends
    // them, and the pool re-emits that as an 'error' which, unheard, failed the test after it had passed.
    pool.on('error', () => undefined);
    queues = new QueueRegistry(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    queue = queues.queue(`${RECORDER_QUEUE_PREFIX}-recorder-1`);
  });

  afterAll(async () => {
    engine?.kill('SIGKILL');
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queues?.close();
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  it('given a stream of motion, when the engine is killed and restarted, then no job is missing and none doubled', async () => {
    // Given a rule and the motion of 40 cameras, 4,000 events in all
    await store.append(
      ruleStream(rule.id),
      [{ id: randomUUID(), type: 'RuleCreated', data: { rule, version: 1, byUserId: 'test', at: Date.now() } }],
      'no_stream',
    );
    for (let camera = 0; camera < CAMERAS; camera++) {
      const cameraId = `cam-${camera}`;
      const events: NewEvent[] = Array.from({ length: ROUNDS * 2 }, (_, n) => ({
        id: randomUUID(),
        type: n % 2 === 0 ? 'MotionStarted' : 'MotionStopped',
        data: { cameraId, at: Date.now() },
      }));
      await store.append(`camera-${cameraId}`, events, 'no_stream');
    }

    // When the engine has committed part of the stream, it is killed, then started again
    engine = await startEngine();
    await until(async () => (await firingsRecorded()) > 0, 'the first committed batch');
    engine.kill('SIGKILL');
    await new Promise((resolve) => engine?.once('exit', resolve));
    const atKill = await firingsRecorded();
    engine = await startEngine();
    await until(async () => (await firingsRecorded()) === EXPECTED, `${EXPECTED} firings`);

    // Then it stopped mid-stream, and afterwards every firing and every job exists exactly once
    expect(atKill).toBeLessThan(EXPECTED);
    const fired = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM event_store.events WHERE type = 'RuleFired'`,
    );
    expect(Number(fired.rows[0]?.n)).toBe(EXPECTED);
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized');
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(EXPECTED);
    const starts = (await queue.getJobs(['waiting'], 0, EXPECTED)).filter((job) => job.name === 'StartRecording');
    expect(starts).toHaveLength(EXPECTED / 2);
  });
});
