import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Configuration read models (projected from their streams, rebuildable). First: time profiles. */
export class CreateTimeProfiles1764200000000 implements MigrationInterface {
  name = 'CreateTimeProfiles1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS config`);
    await queryRunner.query(`
      CREATE TABLE config.time_profiles (
        time_profile_id text PRIMARY KEY,
        name text NOT NULL,
        profile jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA config CASCADE`);
  }
}
