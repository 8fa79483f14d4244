import type { Pool, PoolClient } from 'pg';

/**
 * BEGIN, work, COMMIT on one pooled client; on any failure ROLLBACK and rethrow. A client whose connection failed is
 * destroyed rather than returned to the pool.
 */
export const inTransaction = async <T>(pool: Pool, work: (tx: PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  // A checked-out client that loses its connection between queries emits 'error': without a listener the process
  // would crash. The failure itself surfaces as the next query's rejection.
  let broken = false;
  const onError = (): void => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    const committed = await client.query('COMMIT');
    if (committed.command !== 'COMMIT') {
      // A statement failed inside the transaction and its error was swallowed: PostgreSQL rolled back.
      throw new Error(`the transaction was rolled back (${committed.command}): a statement in it failed`);
    }
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
};
