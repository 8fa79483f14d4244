import { Logger } from '@nestjs/common';
import {
  comparePositions,
  emptyRuleCatalog,
  evolveRuleCatalog,
  formatPosition,
  initialSnapshot,
  RULE_CATALOG_FILTER,
  type BatchDecision,
  type EngineSettings,
  type EventStore,
  type EventSubscription,
  type GlobalPosition,
  type RuleCatalog,
  type StoredEvent,
} from '@vigil/domain';
import { BehaviorSubject, Subject, type Observable, type Subscription } from 'rxjs';
import type { FiringDispatcher } from '../dispatch/firing.dispatcher';
import { ruleDecisions } from '../pipeline/rule-decisions';
import type { EngineStateStore } from './engine-state.store';

export type RuleEngineRunnerOptions = Readonly<{
  store: EventStore;
  progress: EngineStateStore;
  dispatcher: FiringDispatcher;
  settings: EngineSettings;
  /** Pause before restarting after a failure; doubles per failure in a row, up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}>;

/**
 * The rule engine's loop: from its committed position it reads the global order batch by batch, feeds each batch
 * through the decision pipeline, dispatches the firings (RuleFired facts and BullMQ jobs, both idempotent), and
 * only then commits position, state and trace together. A crash anywhere repeats at most the last batch, with the
 * same ids, so nothing is lost and nothing doubled. Rule and time-profile changes take effect for the next event
 * in the global order, without a restart. Failures restart the loop from the committed position with backoff.
 */
export class RuleEngineRunner {
  private readonly logger = new Logger(RuleEngineRunner.name);
  private readonly catalogs = new BehaviorSubject<RuleCatalog | undefined>(undefined);
  private readonly committedPositions = new Subject<GlobalPosition>();
  private loop: Promise<void> | undefined;
  private subscription: EventSubscription | undefined;
  private stopping = false;
  private committed: GlobalPosition | undefined;
  private wakeFromPause: (() => void) | undefined;

  constructor(private readonly options: RuleEngineRunnerOptions) {}

  /** The latest rule catalog, once loaded, and after every batch that changed it. */
  get catalog$(): Observable<RuleCatalog | undefined> {
    return this.catalogs.asObservable();
  }

  /** The position of each committed batch. */
  get committed$(): Observable<GlobalPosition> {
    return this.committedPositions.asObservable();
  }

  get position(): GlobalPosition | undefined {
    return this.committed;
  }

  start(): void {
    if (this.loop) {
      return;
    }
    this.stopping = false;
    this.loop = this.run().finally(() => {
      this.loop = undefined;
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeFromPause?.();
    await this.subscription?.close();
    await this.loop;
  }

  /** Resolves once a batch at or after `position` is committed. */
  waitForPosition(position: GlobalPosition, timeoutMs = 30_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.committed && comparePositions(this.committed, position) >= 0) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        subscription.unsubscribe();
        reject(new Error(`the rule engine did not reach ${formatPosition(position)} in ${timeoutMs} ms`));
      }, timeoutMs);
      const subscription: Subscription = this.committedPositions.subscribe((committed) => {
        if (comparePositions(committed, position) >= 0) {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve();
        }
      });
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.runOnce(() => {
          failures = 0;
        });
      } catch (error) {
        failures += 1;
        const base = this.options.retryDelayMs ?? 200;
        const delay = Math.min(this.options.maxRetryDelayMs ?? 10_000, base * 2 ** Math.min(failures - 1, 16));
        this.logger.error(
          `failed (${failures} in a row), restarting from the committed position in ${delay} ms: ${explain(error)}`,
        );
        await this.pause(delay);
      }
    }
  }

  private async runOnce(onCommitted: () => void): Promise<void> {
    const { store, progress, dispatcher, settings } = this.options;
    const loaded = await progress.load();
    this.committed = loaded.position;
    const catalog = await this.catalogUpTo(loaded.position);
    const snapshot = initialSnapshot(settings, catalog, loaded.state);
    this.catalogs.next(catalog);

    // The pipeline is synchronous: each batch pushed in yields its decision before the next is read, so the loop
    // below applies backpressure (a batch is dispatched and committed before the next one is decided).
    const batches = new Subject<readonly StoredEvent[]>();
    let decision: BatchDecision | undefined;
    let failure: unknown;
    const decisions = batches.pipe(ruleDecisions(snapshot, settings)).subscribe({
      next: (next) => {
        decision = next;
      },
      error: (error: unknown) => {
        failure = error;
      },
    });
    const subscription = store.subscribeToAll({ from: loaded.position ? { after: loaded.position } : 'start' });
    this.subscription = subscription;
    this.logger.log(
      `evaluating ${catalog.rules.size} rules after ${loaded.position ? formatPosition(loaded.position) : 'the start'}`,
    );
    try {
      for await (const batch of subscription) {
        if (this.stopping) {
          break;
        }
        decision = undefined;
        batches.next(batch);
        const decided = decision as BatchDecision | undefined;
        if (decided === undefined) {
          // The pipeline failed: restart from the committed position (never commit past an undecided batch).
          throw failure instanceof Error ? failure : new Error(`the decision pipeline stopped: ${String(failure)}`);
        }
        for (const skipped of decided.skipped) {
          this.logger.error(`skipped event ${skipped.eventId} (${skipped.type}): ${skipped.reason}`);
        }
        const rows = await dispatcher.dispatch(decided.firings, decided.snapshot.catalog.hardware);
        await progress.commit(this.committed, decided.position, decided.snapshot.state, rows, batch);
        this.committed = decided.position;
        onCommitted();
        if (decided.catalogChanged) {
          this.catalogs.next(decided.snapshot.catalog);
        }
        this.committedPositions.next(decided.position);
      }
    } finally {
      decisions.unsubscribe();
      this.subscription = undefined;
      await subscription.close();
    }
  }

  /** The rules and time profiles as they were at `position` (the engine decides the next event with exactly those). */
  private async catalogUpTo(position: GlobalPosition | undefined): Promise<RuleCatalog> {
    let catalog = emptyRuleCatalog();
    if (position === undefined) {
      return catalog;
    }
    let page: StoredEvent[] = [];
    for await (const event of this.options.store.readAll({ filter: RULE_CATALOG_FILTER })) {
      if (comparePositions(event.position, position) > 0) {
        break;
      }
      page.push(event);
      if (page.length === 1_000) {
        catalog = evolveRuleCatalog(catalog, page);
        page = [];
      }
    }
    return evolveRuleCatalog(catalog, page);
  }

  private async pause(ms: number): Promise<void> {
    if (this.stopping) {
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeFromPause = done;
    });
    this.wakeFromPause = undefined;
  }
}

const explain = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
