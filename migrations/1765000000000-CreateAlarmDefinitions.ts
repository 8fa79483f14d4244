import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alarm definitions (projected from alarmdefinition-* streams) and the alarm data settings (one document, projected
 * from the alarmsettings-system stream). Both rebuildable from the event store.
 */
export class CreateAlarmDefinitions1765000000000 implements MigrationInterface {
  name = 'CreateAlarmDefinitions1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config.alarm_definitions (
        alarm_definition_id uuid PRIMARY KEY,
        name text NOT NULL,
        enabled boolean NOT NULL,
        version integer NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE config.alarm_settings (
        settings_id text PRIMARY KEY,
        settings jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config.alarm_settings`);
    await queryRunner.query(`DROP TABLE config.alarm_definitions`);
  }
}
