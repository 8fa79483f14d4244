import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A header per stored event, written by the rule engine with each batch it commits (rebuildable from the event
 * store): what caused it (causation id), when it was recorded and where it stands in the global order. It answers "what did this event cause" (the trace) and "where does a time
 * range start in the global order" (rule simulation) without scanning the store.
 */
export class CreateEventIndex1764900000000 implements MigrationInterface {
  name = 'CreateEventIndex1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS trace`);
    await queryRunner.query(`
      CREATE TABLE trace.events (
        event_id uuid PRIMARY KEY,
        type text NOT NULL,
        stream_id text NOT NULL,
        position text NOT NULL,
        recorded_at timestamptz NOT NULL,
        causation_id text,
        correlation_id text
      )`);
    await queryRunner.query(
      `CREATE INDEX events_causation_idx ON trace.events (causation_id) WHERE causation_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX events_recorded_at_idx ON trace.events (recorded_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA trace CASCADE`);
  }
}
