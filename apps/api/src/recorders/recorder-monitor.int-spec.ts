// The heartbeat check on its own, with real PostgreSQL (event store and read model) and Redis: checks that run at
// the same moment (two API processes) append each transition once, and a heartbeat left to expire (a worker killed
// without cleaning up) is a recorder that stops responding.
import { randomUUID } from 'node:crypto';
import { recorderStream, type StoredEvent } from '@vigil/domain';
import { PostgresEventStore, RecorderHeartbeats } from '@vigil/infrastructure';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecorderMonitor } from './recorder-monitor';
import { RecordersReadModel } from './recorders-read-model';

describe('recorder monitor', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let pool: Pool;
  let redis: Redis;
  let readModel: RecordersReadModel;
  let heartbeats: RecorderHeartbeats;
  let monitors: RecorderMonitor[];

  const typesOf = async (recorderId: string): Promise<string[]> =>
    (await readAllOf<StoredEvent>(store.readStream(recorderStream(recorderId)))).map((event) => event.type);
  const register = async (recorderId: string): Promise<void> => {
    await store.append(
      recorderStream(recorderId),
      [
        {
          id: randomUUID(),
          type: 'RecorderRegistered',
          data: {
            recorderId,
            settings: { name: recorderId, timeZone: 'UTC', maxCameras: 4, version: '0.1.0', storagePath: '/rec' },
            at: Date.now(),
          },
        },
      ],
      'no_stream',
    );
    await eventually(async () => (await readModel.get(recorderId)) !== undefined, `${recorderId} in the read model`);
  };
  const beat = (recorderId: string, intervalMs = 60_000) =>
    heartbeats.beat({ recorderId, at: Date.now(), startedAt: Date.now(), cameraIds: [] }, intervalMs);
  /** Every monitor checks at the same moment, several times over. */
  const checkTogether = async (): Promise<void> => {
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(monitors.map((monitor) => monitor.check()));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 4 });
    pool = new Pool({ connectionString: database.url, max: 4 });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    readModel = new RecordersReadModel(store, pool);
    readModel.onModuleInit();
    heartbeats = new RecorderHeartbeats(redis, database.name);
    monitors = [1, 2, 3].map(() => new RecorderMonitor(store, readModel, heartbeats));
  });

  afterAll(async () => {
    await readModel?.onApplicationShutdown();
    await redis?.quit();
    await pool?.end();
    await store?.close();
    await database?.drop();
  });

  it('given a registered recorder, when three checks run at once while it beats and after its beat is gone, then each transition is appended once', async () => {
    // Given a registered recorder that beats
    await register('recorder-race');
    await beat('recorder-race');

    // When checks run together, then it responds, once
    await checkTogether();
    expect(await typesOf('recorder-race')).toEqual(['RecorderRegistered', 'RecordingServerResponding']);

    // When its heartbeat is gone and checks run together (the read model may lag: each decides on the stream)
    await heartbeats.remove('recorder-race');
    await checkTogether();

    // Then it stops responding, once
    expect(await typesOf('recorder-race')).toEqual([
      'RecorderRegistered',
      'RecordingServerResponding',
      'RecordingServerNotResponding',
    ]);
  });

  it('given a responding recorder whose worker died without removing its heartbeat, when the heartbeat expires, then it stops responding', async () => {
    // Given a responding recorder beating every 200 ms (its key lives 600 ms)
    await register('recorder-killed');
    await beat('recorder-killed', 200);
    await monitors[0]!.check();
    expect(await typesOf('recorder-killed')).toContain('RecordingServerResponding');

    // When no more beats come, then a check after the key expired finds it not responding
    await eventually(async () => {
      await monitors[0]!.check();
      return (await typesOf('recorder-killed')).includes('RecordingServerNotResponding');
    }, 'the expired heartbeat judged');
  });

  it('given a recorder registered that never beat, when checked, then nothing is appended', async () => {
    await register('recorder-silent');
    await checkTogether();
    expect(await typesOf('recorder-silent')).toEqual(['RecorderRegistered']);
  });
});
