import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recordings index (issue 6), projected from the recording-* streams: one row per recording with its camera,
 * recorder, folder, requested span, media span and holders, and one row per gap that fell into it. Rebuildable from
 * the event store; the media stays in the recorders' folders.
 */
export class CreateRecordings1765300000000 implements MigrationInterface {
  name = 'CreateRecordings1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS recordings`);
    await queryRunner.query(`
      CREATE TABLE recordings.recordings (
        recording_id text PRIMARY KEY,
        camera_id text NOT NULL,
        recorder_id text,
        directory text,
        state text NOT NULL CHECK (state IN ('recording', 'completed')),
        from_at timestamptz NOT NULL,
        to_at timestamptz,
        triggered_at timestamptz NOT NULL,
        media_from timestamptz,
        media_to timestamptz,
        segments integer,
        session_ids text[] NOT NULL,
        started_at timestamptz NOT NULL,
        stopped_at timestamptz
      )`);
    // a camera's recordings overlapping a range, in time order (list and playback)
    await queryRunner.query(
      `CREATE INDEX recordings_camera_time_idx ON recordings.recordings (camera_id, from_at, recording_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE recordings.recording_gaps (
        recording_id text NOT NULL,
        event_id uuid NOT NULL,
        from_at timestamptz NOT NULL,
        to_at timestamptz NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (recording_id, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE recordings.recording_gaps`);
    await queryRunner.query(`DROP TABLE recordings.recordings`);
    await queryRunner.query(`DROP SCHEMA recordings`);
  }
}
