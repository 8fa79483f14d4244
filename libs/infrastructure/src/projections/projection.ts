import type { EventFilter, StoredEvent } from '@vigil/domain';
import type { PoolClient } from 'pg';

/**
 * A read model kept up to date from the global order by a ProjectionRunner. Every call runs inside the runner's
 * transaction, which also moves the projection's checkpoint: write the read model through `tx` only (never through
 * another connection, and never commit or roll back), and let errors propagate, so a failed batch leaves no trace
 * and is handled again.
 */
export interface Projection {
  /** Also the checkpoint's subscriber id: persisted, never rename (a new name rebuilds from the start). */
  readonly name: string;
  /** Only these events are delivered; the checkpoint is the position of the last delivered one. */
  readonly filter?: EventFilter;
  /** Applies a non-empty batch, in global order. */
  handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void>;
  /** Empties the read model for a rebuild (for example TRUNCATE). Without it the projection cannot be rebuilt. */
  reset?(tx: PoolClient): Promise<void>;
}
