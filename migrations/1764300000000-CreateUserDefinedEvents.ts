import type { MigrationInterface, QueryRunner } from 'typeorm';

/** User-defined events (definitions only: their triggers are facts in the event store, never a table). */
export class CreateUserDefinedEvents1764300000000 implements MigrationInterface {
  name = 'CreateUserDefinedEvents1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config.user_defined_events (
        user_defined_event_id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config.user_defined_events`);
  }
}
