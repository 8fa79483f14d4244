import type { Pool, PoolClient } from 'pg';

export type TransactionOptions = Readonly<{
  /**
   * false: COMMIT returns before the transaction is flushed to disk (`synchronous_commit` off for this transaction
   * only). Only for writes that a crash of PostgreSQL may lose because they are redone from what is durable, such as
   * the checkpoint of a consumer whose effects are idempotent. WAL is flushed in order, so such a transaction is
   * durable at the latest when a later synchronous one is. Default true.
   */
  synchronousCommit?: boolean;
}>;

/**
 * BEGIN, work, COMMIT on one pooled client; on any failure ROLLBACK and rethrow. A client whose connection failed is
 * destroyed rather than returned to the pool.
 */
export const inTransaction = async <T>(
  pool: Pool,
  work: (tx: PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> => {
  const client = await pool.connect();
  // A checked-out client that loses its connection between queries emits 'error': without a listener the process
  // would crash. The failure itself surfaces as the next query's rejection.
  let broken = false;
  const onError = (): void => {
    broken = true;
  };
  client.on('error', onError);
  try {
    // One round trip either way: without parameters, both statements go in one simple query.
    await client.query(options.synchronousCommit === false ? 'BEGIN; SET LOCAL synchronous_commit TO off' : 'BEGIN');
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
