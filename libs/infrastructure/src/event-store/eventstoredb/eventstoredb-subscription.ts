import { Logger } from '@nestjs/common';
import { ErrorType, isCommandError, START } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import { comparePositions, formatPosition, isDomainError, matchesFilter, PositionBeyondEndError } from '@vigil/domain';
import type { EventSubscription, GlobalPosition, StoredEvent, SubscribeToAllOptions } from '@vigil/domain';
import { WakeSignal } from '../wake-signal';
import { isSystemEvent, toServerFilter, toStoredEvent } from './eventstoredb-mapping';

/** What the subscription needs from the store. */
export interface SubscriptionSource {
  readonly client: EventStoreDBClient;
  /** The last event of the port (system events excluded), or undefined when there is none. */
  headPosition(): Promise<GlobalPosition | undefined>;
  /** The last record of $all, system events included, or undefined when $all is empty. */
  lastPosition(): Promise<GlobalPosition | undefined>;
}

/** The most events in one batch (and the client's read buffer), like the polling subscription's page size. */
const MAX_BATCH = 1_000;
const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 5_000;

/** Failures that resubscribing cannot cure: they end the iteration. */
const FATAL_ERRORS: ReadonlySet<string> = new Set([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.UNSUPPORTED,
]);

/**
 * A catch-up subscription on the server's own subscription to $all (stored events, then live ones). The client does
 * not resubscribe by itself when the connection breaks: this class does, from the last delivered position, with a
 * growing delay, and skips everything at or before that position, so nothing is skipped or delivered twice.
 */
export class EventStoreDbSubscription implements EventSubscription {
  private static readonly logger = new Logger('EventStoreDbSubscription');
  private readonly wake = new WakeSignal();
  private readonly connections = new Set<Connection>();
  /** Fixed eagerly at subscription time, so that 'end' means the end when subscribeToAll was called. */
  private readonly start: Promise<GlobalPosition | undefined>;
  private closed = false;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeToAllOptions,
    private readonly onClosed: (subscription: EventStoreDbSubscription) => void,
  ) {
    this.start = this.startingPoint();
    // The iterator reports a failure; this keeps an unobserved one from becoming an unhandled rejection.
    this.start.catch(() => undefined);
  }

  async started(): Promise<void> {
    await this.start;
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.wake.notify();
      for (const connection of this.connections) {
        connection.dispose();
      }
      this.onClosed(this);
    }
    return Promise.resolve();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<readonly StoredEvent[]> {
    /** The last delivered position (or the starting point): everything at or before it is skipped. */
    let after = await this.start;
    let failures = 0;
    while (!this.closed) {
      const connection = this.connect(after);
      try {
        for (;;) {
          const received = await connection.next();
          if (received === undefined) {
            break;
          }
          failures = 0;
          const batch = this.select(received, after);
          const last = batch.at(-1);
          if (last) {
            after = last.position;
            yield batch;
          }
        }
        if (!this.closed) {
          throw new Error('the server ended the subscription');
        }
      } catch (error) {
        if (this.closed) {
          break;
        }
        if (isFatal(error)) {
          throw error;
        }
        failures += 1;
        const delay = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** Math.min(failures - 1, 10));
        const from = after ? formatPosition(after) : 'the start';
        EventStoreDbSubscription.logger.warn(
          `subscription dropped (attempt ${failures}), resubscribing after ${from} in ${delay} ms: ${String(error)}`,
        );
        await this.wake.wait(delay);
      } finally {
        connection.dispose();
        this.connections.delete(connection);
      }
    }
  }

  private connect(after: GlobalPosition | undefined): Connection {
    const subscription = this.source.client.subscribeToAll(
      {
        fromPosition: after ? { commit: after.commit, prepare: after.prepare } : START,
        resolveLinkTos: false,
        filter: toServerFilter(this.options.filter),
      },
      { highWaterMark: MAX_BATCH },
    );
    const connection = new Connection(subscription);
    this.connections.add(connection);
    return connection;
  }

  /** The events of the port in a received batch: no system events, nothing already delivered, the whole filter. */
  private select(received: readonly AllStreamResolvedEvent[], after: GlobalPosition | undefined): StoredEvent[] {
    const batch: StoredEvent[] = [];
    for (const { event } of received) {
      if (
        event &&
        !isSystemEvent(event) &&
        (!after || comparePositions(event.position, after) > 0) &&
        matchesFilter(this.options.filter, event)
      ) {
        batch.push(toStoredEvent(event, event.position));
      }
    }
    return batch;
  }

  private async startingPoint(): Promise<GlobalPosition | undefined> {
    const from = this.options.from;
    if (from === 'start') {
      return undefined;
    }
    if (from === 'end') {
      // The last record of $all, not the server's END: a resubscription needs a position to resume from.
      return this.source.lastPosition();
    }
    const head = await this.source.headPosition();
    if (!head || comparePositions(from.after, head) > 0) {
      throw new PositionBeyondEndError(formatPosition(from.after), head ? formatPosition(head) : 'empty');
    }
    return from.after;
  }
}

const isFatal = (error: unknown): boolean =>
  isDomainError(error) || (error instanceof Error && isCommandError(error) && FATAL_ERRORS.has(error.type));

/** One server subscription, read in batches of what is already buffered. */
class Connection {
  private readonly reader: BatchReader<AllStreamResolvedEvent>;
  private disposed = false;

  constructor(private readonly subscription: AllStreamSubscription) {
    this.reader = new BatchReader(subscription);
  }

  /** The next batch, undefined once the server ended the subscription or it was disposed; throws its error. */
  next(): Promise<AllStreamResolvedEvent[] | undefined> {
    return this.reader.next(MAX_BATCH);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.reader.stop();
    this.subscription.unsubscribe().then(
      () => this.subscription.destroy(),
      () => this.subscription.destroy(),
    );
  }
}

/**
 * Reads an object-mode stream in batches: waits until something is readable, then takes everything that is
 * buffered (what arrived together), up to `max`. It keeps listening for errors for the stream's whole life, since
 * the client emits them on the stream and an unheard 'error' would crash the process.
 */
type ObjectStream = {
  read(): unknown;
  on(event: 'readable' | 'end' | 'close' | 'error', listener: (...args: unknown[]) => void): unknown;
};

class BatchReader<T> {
  private failure: { error: unknown } | undefined;
  private ended = false;
  private stopped = false;
  private signalled = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly stream: ObjectStream) {
    stream.on('readable', this.signal);
    stream.on('end', this.finish);
    stream.on('close', this.finish);
    stream.on('error', (error: unknown) => {
      this.failure ??= { error };
      this.signal();
    });
  }

  stop(): void {
    this.stopped = true;
    this.signal();
  }

  async next(max: number): Promise<T[] | undefined> {
    for (;;) {
      if (this.stopped) {
        return undefined;
      }
      const batch = this.drain(max);
      if (batch.length > 0) {
        return batch;
      }
      if (this.failure) {
        throw this.failure.error;
      }
      if (this.ended) {
        return undefined;
      }
      if (!this.signalled) {
        await new Promise<void>((resolve) => {
          this.waiter = resolve;
        });
      }
      this.signalled = false;
    }
  }

  private drain(max: number): T[] {
    const batch: T[] = [];
    while (batch.length < max) {
      const item = this.stream.read() as T | null;
      if (item === null) {
        break;
      }
      batch.push(item);
    }
    return batch;
  }

  private readonly signal = (): void => {
    this.signalled = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  };

  private readonly finish = (): void => {
    this.ended = true;
    this.signal();
  };
}
