import {
  assertNever,
  isUserDefinedEventDefinitionType,
  USER_DEFINED_EVENT_STREAM_PREFIX,
  type StoredEvent,
  type UserDefinedEventDefinitionEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/** Projects userdefinedevent-* streams into config.user_defined_events. */
export class UserDefinedEventsProjection implements Projection {
  readonly name = 'user-defined-events'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [USER_DEFINED_EVENT_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (!isUserDefinedEventDefinitionType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as UserDefinedEventDefinitionEvent;
      const at = new Date(event.data.at);
      switch (event.type) {
        case 'UserDefinedEventCreated':
          await tx.query(
            `INSERT INTO config.user_defined_events (user_defined_event_id, name, created_at, updated_at)
             VALUES ($1, $2, $3, $3) ON CONFLICT (user_defined_event_id) DO NOTHING`,
            [event.data.userDefinedEventId, event.data.name, at],
          );
          break;
        case 'UserDefinedEventRenamed':
          await tx.query(
            'UPDATE config.user_defined_events SET name = $2, updated_at = $3 WHERE user_defined_event_id = $1',
            [event.data.userDefinedEventId, event.data.name, at],
          );
          break;
        case 'UserDefinedEventDeleted':
          await tx.query('DELETE FROM config.user_defined_events WHERE user_defined_event_id = $1', [
            event.data.userDefinedEventId,
          ]);
          break;
        default:
          assertNever(event);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE config.user_defined_events');
  }
}
