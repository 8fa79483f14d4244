import { formatPosition, type StoredEvent } from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** One header per stored event into trace.events (migrations/1764900000000-CreateEventIndex.ts). */
export class EventIndexProjection implements Projection {
  readonly name = 'event-index'; // persisted: the checkpoint's id

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    await tx.query(
      `INSERT INTO trace.events (event_id, type, stream_id, position, recorded_at, causation_id, correlation_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
       ON CONFLICT (event_id) DO NOTHING`,
      [
        events.map((event) => event.id),
        events.map((event) => event.type),
        events.map((event) => event.streamId),
        events.map((event) => formatPosition(event.position)),
        events.map((event) => event.recordedAt),
        events.map((event) => textOf(event.metadata.causationId)),
        events.map((event) => textOf(event.metadata.correlationId)),
      ],
    );
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE trace.events');
  }
}
