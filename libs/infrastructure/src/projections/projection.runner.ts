import { Logger } from '@nestjs/common';
import {
  comparePositions,
  formatPosition,
  isDomainError,
  type EventStore,
  type EventSubscription,
  type GlobalPosition,
  type StoredEvent,
} from '@vigil/domain';
import type { Pool } from 'pg';
import { inTransaction } from '../postgres/in-transaction';
import { InvalidCheckpointError, PostgresCheckpointStore } from './checkpoint.store';
import type { Projection } from './projection';

export type ProjectionRetryOptions = Readonly<{
  /** Pause before the first restart after a failed batch; doubles with each further failure in a row. */
  initialDelayMs: number;
  maxDelayMs: number;
}>;

export type ProjectionRunnerOptions = Readonly<{
  projection: Projection;
  eventStore: EventStore;
  /**
   * The database of the read model and of `event_store.checkpoints`. The runner borrows one client per batch; the
   * pool's owner must listen to its 'error' event (an idle client losing its connection would crash the process).
   */
  pool: Pool;
  /** Defaults to a PostgresCheckpointStore on `pool`. */
  checkpoints?: PostgresCheckpointStore;
  retry?: Partial<ProjectionRetryOptions>;
  /**
   * false: each batch commits without waiting for the disk (see TransactionOptions). Only for a projection whose
   * effects outside its transaction are idempotent and whose writes inside it can be redone from the store: a crash
   * of PostgreSQL may then lose its last batches, which it handles again. Default true.
   */
  synchronousCommit?: boolean;
}>;

export type ProjectionRunnerState = 'stopped' | 'running' | 'stopping' | 'failed';

const DEFAULT_RETRY: ProjectionRetryOptions = { initialDelayMs: 100, maxDelayMs: 5_000 };
const DEFAULT_WAIT_MS = 30_000;

/** Another runner of the same projection committed, or a rebuild reset it: restart from the stored checkpoint. */
export class CheckpointMovedError extends Error {
  constructor(projection: string, expected: GlobalPosition | undefined) {
    super(
      `the checkpoint of ${projection} is no longer ${expected ? formatPosition(expected) : 'absent'}: ` +
        'another runner committed, or the projection was reset',
    );
    this.name = new.target.name;
  }
}

type Waiter = Readonly<{
  position: GlobalPosition;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}>;

/**
 * Runs one projection: subscribes to all events after its checkpoint and, for each batch, in ONE transaction,
 * applies the batch to the read model and advances the checkpoint. A crash anywhere leaves either both or neither,
 * so every event affects the read model exactly once. When a batch fails (the projection throws, the database went
 * away, another runner moved the checkpoint) the transaction is rolled back, the subscription closed, and after a
 * growing pause the runner starts again from the checkpoint re-loaded from the database - nothing is lost or doubled.
 * Errors retrying cannot fix (a position beyond the end of the store, a malformed checkpoint) stop it ('failed').
 *
 * A projection that always throws on some event blocks there, retrying (capped at `maxDelayMs`) and logging each
 * attempt: the read model stays consistent, and the fix is a new release of the projection.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly projection: Projection;
  private readonly eventStore: EventStore;
  private readonly pool: Pool;
  private readonly checkpoints: PostgresCheckpointStore;
  private readonly retry: ProjectionRetryOptions;
  private readonly synchronousCommit: boolean;
  private readonly waiters = new Set<Waiter>();
  private readonly committedListeners = new Set<(position: GlobalPosition, events: number) => void>();
  private readonly retryingListeners = new Set<(error: unknown, failuresInARow: number) => void>();
  /** The checkpoint as this runner last loaded or committed it: the expected value of the next compare-and-set. */
  private committed: GlobalPosition | undefined;
  private loop: Promise<void> | undefined;
  private subscription: EventSubscription | undefined;
  private stopping = false;
  private rebuilding = false;
  private failure: Error | undefined;
  private interruptPause: (() => void) | undefined;

  constructor(options: ProjectionRunnerOptions) {
    if (options.projection.name.length === 0) {
      throw new Error('a projection needs a name');
    }
    this.projection = options.projection;
    this.eventStore = options.eventStore;
    this.pool = options.pool;
    this.checkpoints = options.checkpoints ?? new PostgresCheckpointStore(options.pool);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.synchronousCommit = options.synchronousCommit ?? true;
    this.logger = new Logger(`ProjectionRunner(${options.projection.name})`);
  }

  get name(): string {
    return this.projection.name;
  }

  get state(): ProjectionRunnerState {
    if (this.loop) {
      return this.stopping ? 'stopping' : 'running';
    }
    return this.failure === undefined ? 'stopped' : 'failed';
  }

  /** The checkpoint this runner last loaded or committed; undefined before the first batch of a (re)build. */
  get position(): GlobalPosition | undefined {
    return this.committed;
  }

  /** Starts in the background (a no-op while running or rebuilding); follow progress with waitForPosition. */
  start(): void {
    if (this.loop || this.rebuilding) {
      return;
    }
    this.stopping = false;
    this.failure = undefined;
    this.loop = this.run().finally(() => {
      this.loop = undefined;
    });
  }

  /** Graceful: a batch being committed is finished, then the subscription closes. Resolves once stopped. */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) {
      return;
    }
    this.stopping = true;
    this.interruptPause?.();
    await this.subscription?.close();
    await loop;
  }

  /**
   * Stops, then in one transaction empties the read model (projection.reset) and deletes the checkpoint, then starts
   * from the start. If the reset fails nothing has changed: the runner is restarted as it was and the error thrown.
   */
  async rebuild(): Promise<void> {
    if (!this.projection.reset) {
      throw new Error(`projection ${this.name} has no reset(): it cannot be rebuilt`);
    }
    const wasRunning = this.loop !== undefined;
    this.rebuilding = true;
    let reset = false;
    try {
      await this.stop();
      await inTransaction(this.pool, async (tx) => {
        await this.projection.reset?.(tx);
        await this.checkpoints.reset(this.name, tx);
      });
      reset = true;
      this.committed = undefined;
      this.logger.log('read model and checkpoint reset: rebuilding from the start');
    } finally {
      this.rebuilding = false;
      if (reset || wasRunning) {
        this.start();
      }
    }
  }

  /**
   * Resolves once this runner has committed (or loaded) a checkpoint at or after `position`; rejects when the runner
   * fails for good or after `timeoutMs`. Only events that pass the projection's filter move the checkpoint, so wait
   * for the position of such an event (for example the AppendResult of the last append it should see).
   */
  waitForPosition(position: GlobalPosition, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.committed && comparePositions(this.committed, position) >= 0) {
      return Promise.resolve();
    }
    if (this.failure !== undefined) {
      return Promise.reject(this.failure);
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const at = this.committed ? formatPosition(this.committed) : 'no checkpoint';
          reject(new Error(`${this.name} did not reach ${formatPosition(position)} in ${timeoutMs} ms (at ${at})`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Calls `listener` after each committed batch; returns the unsubscribe function. */
  onCommitted(listener: (position: GlobalPosition, events: number) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  /**
   * Calls `listener` each time a batch (or the restart after one) failed and the runner is about to restart from the
   * checkpoint: for health checks and metrics. Returns the unsubscribe function.
   */
  onRetrying(listener: (error: unknown, failuresInARow: number) => void): () => void {
    this.retryingListeners.add(listener);
    return () => this.retryingListeners.delete(listener);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let subscription: EventSubscription | undefined;
      try {
        const checkpoint = await this.checkpoints.load(this.name);
        this.reached(checkpoint);
        if (this.stopping) {
          break;
        }
        subscription = this.eventStore.subscribeToAll({
          from: checkpoint ? { after: checkpoint } : 'start',
          filter: this.projection.filter,
        });
        this.subscription = subscription;
        this.logger.log(`subscribed after ${checkpoint ? formatPosition(checkpoint) : 'the start'}`);
        for await (const batch of subscription) {
          if (this.stopping) {
            // Read before stop() closed the subscription: left for the next start, nothing is committed.
            break;
          }
          await this.commit(batch);
          failures = 0;
        }
        if (!this.stopping) {
          // Only close() ends a subscription: the event store itself was closed.
          this.logger.warn('the subscription ended without stop(): the event store was closed, stopping');
          break;
        }
      } catch (error) {
        if (isDomainError(error) || error instanceof InvalidCheckpointError) {
          this.fail(error);
          break;
        }
        failures += 1;
        const delay = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** Math.min(failures - 1, 20));
        this.logger.warn(
          `batch failed (${failures} in a row), restarting from the checkpoint in ${delay} ms: ${explain(error)}`,
        );
        this.notify(this.retryingListeners, (listener) => listener(error, failures));
        await this.pause(delay);
      } finally {
        this.subscription = undefined;
        await subscription?.close();
      }
    }
    this.logger.log(this.failure === undefined ? 'stopped' : 'failed');
  }

  private async commit(batch: readonly StoredEvent[]): Promise<void> {
    const last = batch.at(-1);
    if (!last) {
      return;
    }
    const expected = this.committed;
    await inTransaction(
      this.pool,
      async (tx) => {
        await this.projection.handle(batch, tx);
        if (!(await this.checkpoints.advance(this.name, expected, last.position, tx))) {
          throw new CheckpointMovedError(this.name, expected);
        }
      },
      { synchronousCommit: this.synchronousCommit },
    );
    this.reached(last.position, batch.length);
  }

  /** A checkpoint was loaded or committed: resolve the waiters it satisfies and tell the listeners. */
  private reached(position: GlobalPosition | undefined, events?: number): void {
    this.committed = position;
    if (!position) {
      return;
    }
    for (const waiter of this.waiters) {
      if (comparePositions(position, waiter.position) >= 0) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
    if (events === undefined) {
      return;
    }
    this.notify(this.committedListeners, (listener) => listener(position, events));
  }

  private notify<L>(listeners: ReadonlySet<L>, call: (listener: L) => void): void {
    for (const listener of listeners) {
      try {
        call(listener);
      } catch (error) {
        this.logger.error(`a listener threw: ${explain(error)}`);
      }
    }
  }

  private fail(error: unknown): void {
    const reason = error instanceof Error ? error : new Error(String(error));
    this.failure = reason;
    this.logger.error(`stopped for good, retrying cannot help: ${explain(error)}`);
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(reason);
    }
    this.waiters.clear();
  }

  /** Waits `ms`, or less when stop() is called. */
  private async pause(ms: number): Promise<void> {
    if (this.stopping) {
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.interruptPause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptPause = done;
    });
  }
}

const explain = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
