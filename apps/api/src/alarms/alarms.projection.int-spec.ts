import { randomUUID } from 'node:crypto';
import { alarmDecider, alarmStream, ALARM_STREAM_PREFIX } from '@vigil/domain';
import { handleCommand, inTransaction, PostgresEventStore } from '@vigil/infrastructure';
import { Pool } from 'pg';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { raiseAlarm } from '../testing/raise-alarm';
import { AlarmsProjection } from './alarms.projection';

describe('AlarmsProjection (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 2 });
    pool = new Pool({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await store.close();
    await db.drop();
  });

  it('given one batch with raises before and after an acknowledgement, then every alarm is listed as its stream ends', async () => {
    // Given alarms A and B raised, A acknowledged, then C raised: one batch, as the runner may hand it over
    const alarmDefinitionId = randomUUID();
    const first = await raiseAlarm(store, { alarmDefinitionId });
    const second = await raiseAlarm(store, { alarmDefinitionId, relatedCameraIds: ['cam-1', 'cam-2'] });
    await handleCommand(store, alarmStream(first.alarmId), alarmDecider, {
      type: 'AcknowledgeAlarm',
      data: { alarmId: first.alarmId, byUserId: 'u-operator', now: Date.now() },
    });
    const third = await raiseAlarm(store, { alarmDefinitionId, sourceDeviceId: 'cam-3' });
    const batch = await readAllOf(store.readAll({ filter: { streamPrefixes: [ALARM_STREAM_PREFIX] } }));

    // When the projection applies it
    await inTransaction(pool, (tx) => new AlarmsProjection().handle(batch, tx));

    // Then A is in progress at revision 1, B and C are new at revision 0, each with its own fields
    const { rows } = await pool.query<{
      alarm_id: string;
      state_level: number;
      revision: number;
      owner_id: string | null;
      related_camera_ids: string[];
      source_device_id: string | null;
    }>('SELECT alarm_id, state_level, revision, owner_id, related_camera_ids, source_device_id FROM alarms.alarm_list');
    const byId = new Map(rows.map((row) => [row.alarm_id, row]));
    expect(rows).toHaveLength(3);
    expect(byId.get(first.alarmId)).toMatchObject({ state_level: 4, revision: 1, owner_id: 'u-operator' });
    expect(byId.get(second.alarmId)).toMatchObject({
      state_level: 1,
      revision: 0,
      related_camera_ids: ['cam-1', 'cam-2'],
    });
    expect(byId.get(third.alarmId)).toMatchObject({ state_level: 1, revision: 0, source_device_id: 'cam-3' });
  });
});
