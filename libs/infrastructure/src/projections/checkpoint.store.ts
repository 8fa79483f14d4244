import { formatPosition, parsePosition, type GlobalPosition } from '@vigil/domain';
import type { Pool, PoolClient } from 'pg';

/** Created by migrations/1763800000000-CreateEventStore.ts; persisted: do not rename. */
export const CHECKPOINTS_TABLE = 'event_store.checkpoints';

/**
 * Where a subscriber of the global order has got to: the position of the last event it has fully handled. It resumes
 * with `subscribeToAll({ from: { after: position } })`. The subscriber id is persisted: never rename a subscriber.
 */
export interface CheckpointStore {
  /** Undefined when the subscriber has no checkpoint (it starts from the start). */
  load(subscriberId: string): Promise<GlobalPosition | undefined>;
  /** Creates or moves the checkpoint; with `tx`, inside that transaction (committed or rolled back with it). */
  save(subscriberId: string, position: GlobalPosition, tx?: PoolClient): Promise<void>;
  /** Deletes the checkpoint, so the subscriber starts from the start again. */
  reset(subscriberId: string, tx?: PoolClient): Promise<void>;
}

/** The stored text is not a position: written by hand or by another store. Retrying cannot help. */
export class InvalidCheckpointError extends Error {
  constructor(
    readonly subscriberId: string,
    readonly text: string,
  ) {
    super(`the checkpoint of ${subscriberId} is not a position: ${JSON.stringify(text)}`);
    this.name = new.target.name;
  }
}

const LOAD_SQL = `SELECT position FROM ${CHECKPOINTS_TABLE} WHERE subscriber_id = $1`;
const SAVE_SQL = `INSERT INTO ${CHECKPOINTS_TABLE} (subscriber_id, position) VALUES ($1, $2)
  ON CONFLICT (subscriber_id) DO UPDATE SET position = excluded.position, updated_at = now()`;
const RESET_SQL = `DELETE FROM ${CHECKPOINTS_TABLE} WHERE subscriber_id = $1`;
const CREATE_IF_ABSENT_SQL = `INSERT INTO ${CHECKPOINTS_TABLE} (subscriber_id, position) VALUES ($1, $2)
  ON CONFLICT (subscriber_id) DO NOTHING`;
const MOVE_IF_AT_SQL = `UPDATE ${CHECKPOINTS_TABLE} SET position = $3, updated_at = now()
  WHERE subscriber_id = $1 AND position = $2`;

/** Checkpoints in PostgreSQL, next to the events, so a read model and its checkpoint commit together. */
export class PostgresCheckpointStore implements CheckpointStore {
  constructor(private readonly pool: Pool) {}

  async load(subscriberId: string): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(LOAD_SQL, [subscriberId]);
    const text = rows[0]?.position;
    if (text === undefined) {
      return undefined;
    }
    const position = parsePosition(text);
    if (!position) {
      throw new InvalidCheckpointError(subscriberId, text);
    }
    return position;
  }

  async save(subscriberId: string, position: GlobalPosition, tx?: PoolClient): Promise<void> {
    await (tx ?? this.pool).query(SAVE_SQL, [subscriberId, formatPosition(position)]);
  }

  async reset(subscriberId: string, tx?: PoolClient): Promise<void> {
    await (tx ?? this.pool).query(RESET_SQL, [subscriberId]);
  }

  /**
   * Compare-and-set inside the caller's transaction: moves the checkpoint from `expected` (undefined: none) to
   * `next`, or changes nothing and returns false when the stored checkpoint is not `expected` - another runner of the
   * same subscriber committed meanwhile, or a rebuild deleted it - and the caller must roll back. Under READ COMMITTED
   * a concurrent writer of the row is waited for and its result re-checked, so two transactions can never both
   * advance from the same checkpoint.
   */
  async advance(
    subscriberId: string,
    expected: GlobalPosition | undefined,
    next: GlobalPosition,
    tx: PoolClient,
  ): Promise<boolean> {
    const result =
      expected === undefined
        ? await tx.query(CREATE_IF_ABSENT_SQL, [subscriberId, formatPosition(next)])
        : await tx.query(MOVE_IF_AT_SQL, [subscriberId, formatPosition(expected), formatPosition(next)]);
    return result.rowCount === 1;
  }
}
