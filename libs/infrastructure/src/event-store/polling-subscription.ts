import { Logger } from '@nestjs/common';
import {
  comparePositions,
  formatPosition,
  isDomainError,
  PositionBeyondEndError,
  type EventFilter,
  type EventSubscription,
  type GlobalPosition,
  type StoredEvent,
  type SubscribeToAllOptions,
} from '@vigil/domain';
import { WakeSignal } from './wake-signal';

export type Page = Readonly<{
  events: readonly StoredEvent[];
  /** True when committed events exist after the page that are not yet safe to deliver (see the Postgres adapter). */
  heldBack: boolean;
  /**
   * When the page is not full: the position up to which every readable event was considered (matching or not). A
   * filtered subscription continues from there, so events it does not want are not read again on every wake-up.
   */
  scannedUpTo?: GlobalPosition;
}>;

/** What a store must offer for a catch-up subscription to be built on top of it. */
export interface PageSource {
  readPage(after: GlobalPosition | undefined, limit: number, filter: EventFilter | undefined): Promise<Page>;
  headPosition(): Promise<GlobalPosition | undefined>;
  /**
   * Calls `listener` whenever events may have been appended (to streams with one of `streamPrefixes`, when given; a
   * source may also call it for others); returns the unsubscribe function.
   */
  onAppended(listener: () => void, streamPrefixes?: readonly string[]): () => void;
}

export type PollingOptions = Readonly<{
  batchSize: number;
  /** Fallback when no notification arrives (a lost NOTIFY, another writer). */
  pollIntervalMs: number;
  /** Re-read delay while older transactions are still running and hold newer events back. */
  heldBackRetryMs: number;
  /** Longest pause between retries after a read failed (for example while the database is away). */
  maxRetryDelayMs: number;
}>;

/**
 * A catch-up subscription over any PageSource: reads pages after the last delivered position, then waits for a
 * wake-up or the polling interval. Transient read failures are retried from the same position, so nothing is
 * skipped or delivered twice; domain errors (a position beyond the end) end the iteration with that error.
 */
export class PollingSubscription implements EventSubscription {
  private static readonly logger = new Logger('EventSubscription');
  private readonly wake = new WakeSignal();
  private closed = false;
  /** Fixed eagerly at subscription time, so that 'end' means the head when subscribeToAll was called. */
  private readonly start: Promise<GlobalPosition | undefined>;

  constructor(
    private readonly source: PageSource,
    private readonly options: SubscribeToAllOptions,
    private readonly polling: PollingOptions,
    private readonly onClosed: () => void = () => undefined,
  ) {
    this.start = this.startingPoint();
    // The iterator reports a failure; this keeps an unobserved one from becoming an unhandled rejection.
    this.start.catch(() => undefined);
  }

  async started(): Promise<void> {
    await this.start;
  }

  close(): Promise<void> {
    this.closed = true;
    this.onClosed();
    this.wake.notify();
    return Promise.resolve();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<readonly StoredEvent[]> {
    const unsubscribe = this.source.onAppended(() => this.wake.notify(), this.options.filter?.streamPrefixes);
    try {
      let after = await this.start;
      while (!this.closed) {
        this.wake.clear();
        const page = await this.retrying(() =>
          this.source.readPage(after, this.polling.batchSize, this.options.filter),
        );
        if (!page || this.closed) {
          break; // closed while reading: iteration ends after close(), even with a page in hand
        }
        const last = page.events.at(-1);
        if (page.scannedUpTo) {
          after = page.scannedUpTo;
        }
        if (last) {
          after = page.scannedUpTo ?? last.position;
          yield page.events;
          if (page.events.length === this.polling.batchSize) {
            continue;
          }
        }
        if (!this.closed) {
          await this.wake.wait(page.heldBack ? this.polling.heldBackRetryMs : this.polling.pollIntervalMs);
        }
      }
    } finally {
      this.closed = true;
      this.onClosed();
      unsubscribe();
    }
  }

  /**
   * Runs a read until it succeeds, retrying transient failures (the database away) with capped exponential back-off
   * from the same position, so nothing is skipped or delivered twice. Domain errors are final; undefined if closed.
   */
  private async retrying<T>(read: () => Promise<T>): Promise<T | undefined> {
    for (let failures = 1; !this.closed; failures += 1) {
      try {
        return await read();
      } catch (error) {
        if (isDomainError(error)) {
          throw error;
        }
        const delay = Math.min(this.polling.maxRetryDelayMs, 50 * 2 ** Math.min(failures, 10));
        PollingSubscription.logger.warn(`read failed (attempt ${failures}), retrying in ${delay} ms: ${String(error)}`);
        await this.wake.wait(delay);
      }
    }
    return undefined;
  }

  private async startingPoint(): Promise<GlobalPosition | undefined> {
    const from = this.options.from;
    if (from === 'start') {
      return undefined;
    }
    const head = await this.retrying(() => this.source.headPosition());
    if (from === 'end' || this.closed) {
      return head;
    }
    if (!head || comparePositions(from.after, head) > 0) {
      throw new PositionBeyondEndError(formatPosition(from.after), head ? formatPosition(head) : 'empty');
    }
    return from.after;
  }
}
