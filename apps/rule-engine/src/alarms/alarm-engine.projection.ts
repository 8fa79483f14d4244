import { Logger } from '@nestjs/common';
import {
  ALARM_CATALOG_FILTER,
  comparePositions,
  decideAlarmBatch,
  emptyAlarmCatalog,
  evolveAlarmCatalog,
  formatPosition,
  initialAlarmSnapshot,
  isDomainError,
  parseAlarmEngineState,
  parsePosition,
  serializeAlarmEngineState,
  type AlarmCatalog,
  type AlarmEngineSettings,
  type AlarmEngineSnapshot,
  type EventStore,
  type GlobalPosition,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';
import type { AlarmDispatcher } from './alarm.dispatcher';

/**
 * The alarm engine as a consumer of the global order with its own checkpoint: a Projection run by the same
 * ProjectionRunner as the read models. Why a second consumer rather than a stage of the rule engine's batch: the
 * runner already gives exactly what "nothing lost, nothing doubled" needs - for each batch, in ONE transaction, the
 * engine's state row (event-based activations, open alarms to auto-close) is written and the checkpoint advanced
 * (compare-and-set), so a crash leaves both at the previous batch, which is then decided again from the same state
 * with the same ids. The effects (AlarmRaised/AlarmClosed through the alarm decider, jobs with deterministic ids) are
 * carried out before the commit and are idempotent, so doing them twice changes nothing. The rule engine's loop, its
 * state format and its failure handling stay as they were; the price is a second read of the global order.
 *
 * The catalog (definitions, time profiles) is kept in memory with the position it belongs to, checked against the
 * state row read in the batch's transaction: after a failed batch or a restart the catalog is folded again up to
 * the committed position, so every batch is decided with the definitions as they were just before it, and a change
 * of a definition applies from the next event on, without a restart.
 */
export class AlarmEngineProjection implements Projection {
  private readonly logger = new Logger(AlarmEngineProjection.name);
  /** The snapshot after the last batch this process handled, and that batch's position (as stored). */
  private cache: Readonly<{ position: string; snapshot: AlarmEngineSnapshot }> | undefined;

  constructor(
    /** Checkpoint subscriber id and state row id; persisted: do not rename. */
    readonly name: string,
    private readonly store: EventStore,
    private readonly dispatcher: AlarmDispatcher,
    private readonly settings: AlarmEngineSettings,
  ) {}

  async handle(batch: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    try {
      const snapshot = await this.snapshotAt(tx);
      const decided = decideAlarmBatch(snapshot, batch, this.settings);
      for (const skipped of decided.skipped) {
        this.logger.error(`skipped event ${skipped.eventId} (${skipped.type}): ${skipped.reason}`);
      }
      await this.dispatcher.dispatch(decided.decisions);
      const position = formatPosition(decided.position);
      await tx.query(
        `INSERT INTO rule_engine.engine_state (engine_id, position, state) VALUES ($1, $2, $3)
         ON CONFLICT (engine_id) DO UPDATE SET position = excluded.position, state = excluded.state, updated_at = now()`,
        [this.name, position, JSON.stringify(serializeAlarmEngineState(decided.snapshot.state))],
      );
      this.cache = { position, snapshot: decided.snapshot };
    } catch (error) {
      // The runner stops for good on a domain error; here any failure is worth retrying from the checkpoint.
      throw isDomainError(error) ? new Error(`alarm engine batch failed: ${error.message}`, { cause: error }) : error;
    }
  }

  /** The snapshot after the committed batch: the cached one when it is that batch's, else rebuilt from the store. */
  private async snapshotAt(tx: PoolClient): Promise<AlarmEngineSnapshot> {
    const { rows } = await tx.query<{ position: string; state: unknown }>(
      'SELECT position, state FROM rule_engine.engine_state WHERE engine_id = $1',
      [this.name],
    );
    const row = rows[0];
    if (this.cache !== undefined && this.cache.position === row?.position) {
      return this.cache.snapshot;
    }
    this.cache = undefined;
    const position = row === undefined ? undefined : parsePosition(row.position);
    if (row !== undefined && position === undefined) {
      throw new Error(`the stored position of ${this.name} is not a position: ${row.position}`);
    }
    const catalog = await this.catalogUpTo(position);
    this.logger.log(
      `evaluating ${catalog.definitions.size} alarm definitions after ${position ? formatPosition(position) : 'the start'}`,
    );
    return initialAlarmSnapshot(this.settings, catalog, parseAlarmEngineState(row?.state ?? {}));
  }

  /** The definitions and time profiles as they were at `position`. */
  private async catalogUpTo(position: GlobalPosition | undefined): Promise<AlarmCatalog> {
    let catalog = emptyAlarmCatalog();
    if (position === undefined) {
      return catalog;
    }
    let page: StoredEvent[] = [];
    for await (const event of this.store.readAll({ filter: ALARM_CATALOG_FILTER })) {
      if (comparePositions(event.position, position) > 0) {
        break;
      }
      page.push(event);
      if (page.length === 1_000) {
        catalog = evolveAlarmCatalog(catalog, page);
        page = [];
      }
    }
    return evolveAlarmCatalog(catalog, page);
  }
}
