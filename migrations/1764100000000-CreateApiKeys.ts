import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys of integrations: projected from apikey-* streams; last_used_at is kept by the auth edge. */
export class CreateApiKeys1764100000000 implements MigrationInterface {
  name = 'CreateApiKeys1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access.api_keys (
        key_id uuid PRIMARY KEY,
        name text NOT NULL,
        secret_hash text NOT NULL,
        scopes jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access.api_keys`);
  }
}
