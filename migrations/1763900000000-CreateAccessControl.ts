import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access control. `users` and `roles` are read models projected from the user-* and role-* streams (rebuildable);
 * `sessions` (refresh tokens, stored hashed) and `secrets` are state of the authentication edge, not facts: a
 * revocation must be immediate and cheap to check on every request.
 */
export class CreateAccessControl1763900000000 implements MigrationInterface {
  name = 'CreateAccessControl1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS access`);
    await queryRunner.query(`
      CREATE TABLE access.users (
        user_id uuid PRIMARY KEY,
        user_name text NOT NULL,
        display_name text NOT NULL,
        role_ids text[] NOT NULL,
        is_owner boolean NOT NULL DEFAULT false,
        disabled boolean NOT NULL DEFAULT false,
        must_change_password boolean NOT NULL DEFAULT false,
        locked_until timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // Not unique here: uniqueness is decided on a reservation stream (a read model must never refuse an event).
    await queryRunner.query(`CREATE INDEX users_user_name_idx ON access.users (lower(user_name))`);
    await queryRunner.query(`
      CREATE TABLE access.roles (
        role_id text PRIMARY KEY,
        name text NOT NULL,
        definition jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX roles_name_idx ON access.roles (lower(name))`);
    await queryRunner.query(`
      CREATE TABLE access.sessions (
        session_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        refresh_token_hash text NOT NULL UNIQUE,
        previous_token_hash text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        address text
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_idx ON access.sessions (user_id)`);
    await queryRunner.query(`
      CREATE TABLE access.secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA access CASCADE`);
  }
}
