import { Logger, type FactoryProvider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { CommonEnv } from '../config/common.env';
import { APP_ENV, PG_POOL } from '../infrastructure.tokens';
import { SecretBox } from './secret-box';

/**
 * The key material of SecretBox: VIGIL_SECRETS_KEY when given; else one generated at first start and kept in
 * PostgreSQL (`access.secrets`, like the access-token secret), so every process (API and rule engine) and every
 * restart uses the same key. That fallback keeps key and ciphertext in one database: set VIGIL_SECRETS_KEY (kept
 * elsewhere) for protection at rest that survives a database dump. Never logged.
 */
export const loadSecretsKey = async (pool: Pool, configured: string | undefined): Promise<string> => {
  if (configured) {
    return configured;
  }
  await pool.query(
    `INSERT INTO access.secrets (name, value) VALUES ('secrets-key', $1) ON CONFLICT (name) DO NOTHING`,
    [randomBytes(48).toString('base64url')],
  );
  const { rows } = await pool.query<{ value: string }>(`SELECT value FROM access.secrets WHERE name = 'secrets-key'`);
  const key = rows[0]?.value;
  if (!key) {
    throw new Error('the secrets key could not be stored');
  }
  new Logger('Secrets').warn('VIGIL_SECRETS_KEY is not set: using a key kept in the database');
  return key;
};

/** Nest provider of the process's SecretBox (needs PG_POOL and APP_ENV, from InfrastructureModule). */
export const secretBoxProvider: FactoryProvider<SecretBox> = {
  provide: SecretBox,
  inject: [PG_POOL, APP_ENV],
  useFactory: async (pool: Pool, env: CommonEnv) =>
    SecretBox.fromKeyMaterial(await loadSecretsKey(pool, env.VIGIL_SECRETS_KEY)),
};
