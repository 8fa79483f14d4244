import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recorder workers (projected from recorder-* streams): what each registered with, and whether it was last known to
 * respond. Rebuildable from the event store. Whether it responds now is read from its Redis heartbeat.
 */
export class CreateRecorders1765330000000 implements MigrationInterface {
  name = 'CreateRecorders1765330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config.recorders (
        recorder_id text PRIMARY KEY,
        name text NOT NULL,
        time_zone text NOT NULL,
        max_cameras integer NOT NULL,
        version text NOT NULL,
        storage_path text NOT NULL,
        responding boolean,
        responding_since timestamptz,
        registered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config.recorders`);
  }
}
