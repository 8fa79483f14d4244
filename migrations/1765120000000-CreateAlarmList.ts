import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operators' alarm list (FEATURES 5.3), projected from the alarm-* streams: one row per alarm with what the list
 * filters, sorts and shows. Names of priorities, states and categories are not copied: they are read from the alarm
 * data settings when listed, so renaming a priority renames it everywhere. An alarm's history is its stream.
 * Rebuildable from the event store.
 */
export class CreateAlarmList1765120000000 implements MigrationInterface {
  name = 'CreateAlarmList1765120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS alarms`);
    await queryRunner.query(`
      CREATE TABLE alarms.alarm_list (
        alarm_id text PRIMARY KEY,
        alarm_definition_id text NOT NULL,
        name text NOT NULL,
        priority integer NOT NULL,
        state_level integer NOT NULL,
        category_level integer,
        source_device_id text,
        owner_id text,
        related_camera_ids text[] NOT NULL,
        triggering_event_id text NOT NULL,
        raised_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        closed_at timestamptz,
        closed_by text,
        closed_reason text,
        comment_count integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`CREATE INDEX alarm_list_raised_idx ON alarms.alarm_list (raised_at DESC, alarm_id DESC)`);
    await queryRunner.query(
      `CREATE INDEX alarm_list_priority_idx ON alarms.alarm_list (priority, raised_at DESC, alarm_id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX alarm_list_state_idx ON alarms.alarm_list (state_level, raised_at DESC, alarm_id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX alarm_list_source_idx ON alarms.alarm_list (source_device_id)`);
    await queryRunner.query(`CREATE INDEX alarm_list_owner_idx ON alarms.alarm_list (owner_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE alarms.alarm_list`);
    // The schema stays: other alarm tables (the alarm engine's) may live in it.
  }
}
