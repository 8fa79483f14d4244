import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cameras (projected from camera-* streams) and device groups (from devicegroup-* streams). Both rebuildable from the
 * event store. `encrypted_password` is the SecretBox ciphertext, never the password.
 */
export class CreateCameras1765200000000 implements MigrationInterface {
  name = 'CreateCameras1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config.cameras (
        camera_id uuid PRIMARY KEY,
        name text NOT NULL,
        enabled boolean NOT NULL,
        address text NOT NULL,
        username text NOT NULL,
        encrypted_password text NOT NULL,
        capabilities jsonb NOT NULL,
        recording jsonb NOT NULL,
        recorder_id text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX cameras_recorder_idx ON config.cameras (recorder_id)`);
    await queryRunner.query(`
      CREATE TABLE config.device_groups (
        device_group_id uuid PRIMARY KEY,
        name text NOT NULL,
        device_group jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config.device_groups`);
    await queryRunner.query(`DROP TABLE config.cameras`);
  }
}
