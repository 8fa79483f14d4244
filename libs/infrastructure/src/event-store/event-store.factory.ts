import type { EventStore } from '@vigil/domain';
import type { CommonEnv } from '../config/common.env';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** Nest injection token of the EventStore port. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** The adapter chosen by EVENT_STORE: PostgreSQL by default, EventStoreDB for scale-out. */
export const createEventStore = (env: CommonEnv): EventStore => {
  switch (env.EVENT_STORE) {
    case 'postgres':
      return new PostgresEventStore({ connectionString: env.DATABASE_URL, maxEventBytes: env.MAX_EVENT_BYTES });
    case 'eventstoredb':
      if (!env.EVENTSTORE_URL) {
        throw new Error('EVENTSTORE_URL is required when EVENT_STORE=eventstoredb');
      }
      return new EventStoreDbEventStore({ connectionString: env.EVENTSTORE_URL, maxEventBytes: env.MAX_EVENT_BYTES });
  }
};
