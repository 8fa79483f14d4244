import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * The access-token secret: AUTH_JWT_SECRET when given, else one generated at first start and kept in PostgreSQL,
 * so that every API process (and every restart) signs and verifies with the same secret. Never logged.
 */
export const loadJwtSecret = async (pool: Pool, configured: string | undefined): Promise<string> => {
  if (configured) {
    return configured;
  }
  await pool.query(`INSERT INTO access.secrets (name, value) VALUES ('jwt', $1) ON CONFLICT (name) DO NOTHING`, [
    randomBytes(48).toString('base64url'),
  ]);
  const { rows } = await pool.query<{ value: string }>(`SELECT value FROM access.secrets WHERE name = 'jwt'`);
  const secret = rows[0]?.value;
  if (!secret) {
    throw new Error('the access-token secret could not be stored');
  }
  return secret;
};
