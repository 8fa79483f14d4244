import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rule definitions (projected from rule-* streams, rebuildable). */
export class CreateRules1764400000000 implements MigrationInterface {
  name = 'CreateRules1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config.rules (
        rule_id text PRIMARY KEY,
        name text NOT NULL,
        active boolean NOT NULL,
        version integer NOT NULL,
        definition jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config.rules`);
  }
}
