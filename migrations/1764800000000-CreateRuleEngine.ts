import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rule engine's own state: where it has got to in the global order with its start/stop state (one row per
 * engine, committed together), and the firings of each triggering event (for GET /api/events/:id/trace; rebuildable
 * from RuleFired events). The rule-triggered log (FEATURES 11.5), projected from RuleLogEntryMade events.
 */
export class CreateRuleEngine1764800000000 implements MigrationInterface {
  name = 'CreateRuleEngine1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS rule_engine`);
    await queryRunner.query(`
      CREATE TABLE rule_engine.engine_state (
        engine_id text PRIMARY KEY,
        position text NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE rule_engine.firings (
        firing_event_id uuid PRIMARY KEY,
        triggering_event_id text NOT NULL,
        rule_id text NOT NULL,
        rule_name text NOT NULL,
        rule_version integer NOT NULL,
        phase text NOT NULL,
        at timestamptz NOT NULL,
        actions jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX firings_triggering_event_idx ON rule_engine.firings (triggering_event_id)`);
    await queryRunner.query(`CREATE INDEX firings_rule_at_idx ON rule_engine.firings (rule_id, at)`);
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS logs`);
    await queryRunner.query(`
      CREATE TABLE logs.rule_log (
        entry_id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        message text NOT NULL,
        category text NOT NULL,
        source_type text NOT NULL,
        source_name text NOT NULL,
        event_type text NOT NULL,
        rule_id text NOT NULL,
        rule_name text NOT NULL,
        service_name text NOT NULL,
        triggering_event_id text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX rule_log_at_idx ON logs.rule_log (at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE logs.rule_log`);
    await queryRunner.query(`DROP SCHEMA rule_engine CASCADE`);
  }
}
