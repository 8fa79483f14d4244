import {
  formatPosition,
  parseEngineState,
  parsePosition,
  serializeEngineState,
  type EngineState,
  type GlobalPosition,
  type RuleFired,
  type StoredEvent,
} from '@vigil/domain';
import { inTransaction } from '@vigil/infrastructure';
import type { Pool, PoolClient } from 'pg';

/** The engine's committed progress: the last event it fully handled, and its start/stop state after it. */
export type EngineProgress = Readonly<{ position: GlobalPosition | undefined; state: EngineState }>;

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** A firing as recorded for the trace of its triggering event. */
export type FiringRow = Readonly<{ firingEventId: string; data: RuleFired['data'] }>;

/** Another engine with the same id committed in between: this one must reload and start again. */
export class EngineProgressMovedError extends Error {
  constructor(engineId: string) {
    super(`the progress of rule engine ${engineId} moved under it: another instance is running`);
    this.name = new.target.name;
  }
}

/**
 * rule_engine.engine_state and rule_engine.firings (migrations/1764800000000-CreateRuleEngine.ts), and the event
 * headers of trace.events (migrations/1764900000000-CreateEventIndex.ts). Progress, state, headers and the batch's
 * firings are written in ONE transaction with a compare-and-set on the position, so a crash
 * leaves the previous batch's progress and the batch is decided again (with the same ids).
 */
export class EngineStateStore {
  constructor(
    private readonly pool: Pool,
    readonly engineId: string,
  ) {}

  async load(): Promise<EngineProgress> {
    const { rows } = await this.pool.query<{ position: string; state: unknown }>(
      'SELECT position, state FROM rule_engine.engine_state WHERE engine_id = $1',
      [this.engineId],
    );
    const row = rows[0];
    if (row === undefined) {
      return { position: undefined, state: parseEngineState([]) };
    }
    const position = parsePosition(row.position);
    if (position === undefined) {
      throw new Error(`the stored position of rule engine ${this.engineId} is not a position: ${row.position}`);
    }
    return { position, state: parseEngineState(row.state) };
  }

  async commit(
    expected: GlobalPosition | undefined,
    next: GlobalPosition,
    state: EngineState,
    firings: readonly FiringRow[],
    batch: readonly StoredEvent[],
  ): Promise<void> {
    await inTransaction(this.pool, async (tx) => {
      await this.advance(tx, expected, next, state);
      await this.recordHeaders(tx, batch);
      if (firings.length > 0) {
        await this.recordFirings(tx, firings);
      }
    });
  }

  /**
   * The batch's event headers into trace.events (cause, time, position): the engine reads every event anyway, so
   * the index costs one statement per batch here instead of another subscription in the API's ingest path.
   */
  private async recordHeaders(tx: PoolClient, batch: readonly StoredEvent[]): Promise<void> {
    await tx.query(
      `INSERT INTO trace.events (event_id, type, stream_id, position, recorded_at, causation_id, correlation_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
       ON CONFLICT (event_id) DO NOTHING`,
      [
        batch.map((event) => event.id),
        batch.map((event) => event.type),
        batch.map((event) => event.streamId),
        batch.map((event) => formatPosition(event.position)),
        batch.map((event) => event.recordedAt),
        batch.map((event) => textOf(event.metadata.causationId)),
        batch.map((event) => textOf(event.metadata.correlationId)),
      ],
    );
  }

  private async advance(
    tx: PoolClient,
    expected: GlobalPosition | undefined,
    next: GlobalPosition,
    state: EngineState,
  ): Promise<void> {
    const json = JSON.stringify(serializeEngineState(state));
    const result =
      expected === undefined
        ? await tx.query(
            `INSERT INTO rule_engine.engine_state (engine_id, position, state) VALUES ($1, $2, $3)
             ON CONFLICT (engine_id) DO NOTHING`,
            [this.engineId, formatPosition(next), json],
          )
        : await tx.query(
            `UPDATE rule_engine.engine_state SET position = $3, state = $4, updated_at = now()
             WHERE engine_id = $1 AND position = $2`,
            [this.engineId, formatPosition(expected), formatPosition(next), json],
          );
    if (result.rowCount !== 1) {
      throw new EngineProgressMovedError(this.engineId);
    }
  }

  private async recordFirings(tx: PoolClient, firings: readonly FiringRow[]): Promise<void> {
    await tx.query(
      `INSERT INTO rule_engine.firings
         (firing_event_id, triggering_event_id, rule_id, rule_name, rule_version, phase, at, actions)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[],
         $8::jsonb[])
       ON CONFLICT (firing_event_id) DO NOTHING`,
      [
        firings.map((f) => f.firingEventId),
        firings.map((f) => f.data.triggeringEventId),
        firings.map((f) => f.data.ruleId),
        firings.map((f) => f.data.ruleName),
        firings.map((f) => f.data.ruleVersion),
        firings.map((f) => f.data.phase),
        firings.map((f) => new Date(f.data.at)),
        firings.map((f) => JSON.stringify(f.data.actions)),
      ],
    );
  }
}
