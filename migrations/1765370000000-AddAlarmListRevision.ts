import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alarm list keeps each alarm's stream revision (the number of the last event a row shows), so that the console
 * can tell whether a row read over REST is older or newer than a socket message; and an index for the retention job,
 * which selects closed alarms by closing time (open ones by raising time use alarm_list_raised_idx). Existing rows
 * cannot know their revision: the list is emptied and its checkpoint removed, so it is rebuilt from the event store
 * (it is a projection; the alarm streams stay).
 */
export class AddAlarmListRevision1765370000000 implements MigrationInterface {
  name = 'AddAlarmListRevision1765370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`TRUNCATE alarms.alarm_list`);
    await queryRunner.query(`DELETE FROM event_store.checkpoints WHERE subscriber_id = 'alarm-list'`);
    await queryRunner.query(`ALTER TABLE alarms.alarm_list ADD COLUMN revision integer NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX alarm_list_closed_idx ON alarms.alarm_list (closed_at, alarm_id) WHERE closed_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX alarms.alarm_list_closed_idx`);
    await queryRunner.query(`ALTER TABLE alarms.alarm_list DROP COLUMN revision`);
  }
}
