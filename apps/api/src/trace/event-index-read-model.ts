import { Inject, Injectable } from '@nestjs/common';
import { parsePosition, type GlobalPosition } from '@vigil/domain';
import { PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';

export type EventHeader = Readonly<{
  eventId: string;
  type: string;
  streamId: string;
  recordedAt: string;
  causationId: string | null;
  correlationId: string | null;
}>;

type HeaderRow = Readonly<{
  event_id: string;
  type: string;
  stream_id: string;
  recorded_at: Date;
  causation_id: string | null;
  correlation_id: string | null;
}>;

const header = (row: HeaderRow): EventHeader => ({
  eventId: row.event_id,
  type: row.type,
  streamId: row.stream_id,
  recordedAt: row.recorded_at.toISOString(),
  causationId: row.causation_id,
  correlationId: row.correlation_id,
});

const COLUMNS = 'event_id, type, stream_id, recorded_at, causation_id, correlation_id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * trace.events: event headers by id, by cause, and by time. The rule engine writes them with each batch it commits
 * (apps/rule-engine/src/engine/engine-state.store.ts), so the index is as current as the engine.
 */
@Injectable()
export class EventIndexReadModel {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async get(eventId: string): Promise<EventHeader | undefined> {
    if (!UUID.test(eventId)) {
      return undefined;
    }
    const { rows } = await this.pool.query<HeaderRow>(`SELECT ${COLUMNS} FROM trace.events WHERE event_id = $1`, [
      eventId,
    ]);
    return rows[0] && header(rows[0]);
  }

  /** The events whose causation id is one of `causationIds`, in the order they were recorded. */
  async causedBy(causationIds: readonly string[]): Promise<EventHeader[]> {
    if (causationIds.length === 0) {
      return [];
    }
    const { rows } = await this.pool.query<HeaderRow>(
      `SELECT ${COLUMNS} FROM trace.events WHERE causation_id = ANY($1::text[]) ORDER BY recorded_at, event_id`,
      [causationIds],
    );
    return rows.map(header);
  }

  /** The position of the last event recorded before `at`, to read a time range from; undefined: from the start. */
  async positionBefore(at: Date): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT position FROM trace.events WHERE recorded_at < $1 ORDER BY recorded_at DESC LIMIT 1',
      [at],
    );
    return rows[0] === undefined ? undefined : parsePosition(rows[0].position);
  }
}
