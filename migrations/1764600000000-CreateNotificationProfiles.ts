import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification profiles (definitions; read model of the notificationprofile-* streams). The mail server settings and
 * the notifications sent or skipped are facts in the event store only.
 */
export class CreateNotificationProfiles1764600000000 implements MigrationInterface {
  name = 'CreateNotificationProfiles1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config.notification_profiles (
        notification_profile_id uuid PRIMARY KEY,
        name text NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE config.notification_profiles`);
  }
}
