import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log read model, projected from access and audit events (the events themselves stay in the store). */
export class CreateAuditLog1764000000000 implements MigrationInterface {
  name = 'CreateAuditLog1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access.audit_log (
        event_id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        category text NOT NULL,
        action text NOT NULL,
        actor_id text,
        target_id text,
        address text,
        permitted boolean NOT NULL,
        details jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_at_idx ON access.audit_log (at DESC)`);
    await queryRunner.query(`CREATE INDEX audit_log_actor_idx ON access.audit_log (actor_id, at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access.audit_log`);
  }
}
