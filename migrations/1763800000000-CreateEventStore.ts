import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL event store and the checkpoints of its subscribers. Schema, table and column names are persisted:
 * do not rename. See libs/infrastructure/src/event-store/postgres/postgres-event-store.sql.ts for how the global
 * order (transaction_id, global_position) stays safe under concurrent writers.
 */
export class CreateEventStore1763800000000 implements MigrationInterface {
  name = 'CreateEventStore1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS event_store`);
    await queryRunner.query(`
      CREATE TABLE event_store.streams (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL CHECK (revision >= 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE event_store.events (
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        global_position bigint GENERATED ALWAYS AS IDENTITY,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_pkey PRIMARY KEY (transaction_id, global_position),
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
      )`);
    await queryRunner.query(
      `CREATE INDEX events_type_order_idx ON event_store.events (type, transaction_id, global_position)`,
    );
    await queryRunner.query(`
      CREATE TABLE event_store.checkpoints (
        subscriber_id text PRIMARY KEY,
        position text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA event_store CASCADE`);
  }
}
