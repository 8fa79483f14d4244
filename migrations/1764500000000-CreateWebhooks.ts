import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook endpoints (projected from webhook-* streams, rebuildable). The token stays in the event store only: the
 * table knows whether there is one, never its value. Delivery attempts are read from their stream, not a table.
 */
export class CreateWebhooks1764500000000 implements MigrationInterface {
  name = 'CreateWebhooks1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config.webhooks (
        webhook_id uuid PRIMARY KEY,
        name text NOT NULL,
        address text NOT NULL,
        api_version text NOT NULL,
        has_token boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config.webhooks`);
  }
}
