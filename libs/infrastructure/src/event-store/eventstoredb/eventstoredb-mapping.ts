import { eventTypeFilter, excludeSystemEvents, jsonEvent, streamNameFilter } from '@eventstore/db-client';
import type { EventData, Filter, JSONType, Position, RecordedEvent, StreamingRead } from '@eventstore/db-client';
import type { EventFilter, EventMetadata, GlobalPosition, PreparedEvent, StoredEvent } from '@vigil/domain';

/**
 * Translations between the EventStoreDB client's types and the port's. Shared by the store and its subscription.
 */

/** Events that EventStoreDB writes itself (`$metadata`, `$>` links, `$settings`, ...): never part of the port. */
export const isSystemEvent = (event: Readonly<{ type: string }>): boolean => event.type.startsWith('$');

export const toGlobalPosition = (position: Readonly<Position>): GlobalPosition => ({
  commit: position.commit,
  prepare: position.prepare,
});

export const toStoredEvent = (recorded: RecordedEvent, position: Readonly<Position>): StoredEvent => ({
  id: recorded.id.toLowerCase(),
  type: recorded.type,
  data: recorded.data,
  metadata: toMetadata(recorded.metadata),
  streamId: recorded.streamId,
  revision: recorded.revision,
  position: toGlobalPosition(position),
  recordedAt: recorded.created,
});

/** The client parses JSON metadata; anything else (absent, binary) reads as no metadata. */
const toMetadata = (metadata: unknown): EventMetadata =>
  typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && !(metadata instanceof Uint8Array)
    ? (metadata as EventMetadata)
    : {};

/**
 * A prepared event as the client's JSON event. `data` may be any JSON value (the client serialises it with
 * JSON.stringify, exactly like `prepareAppend` did), although the client's types only name objects, arrays and strings.
 */
export const toEventData = (event: PreparedEvent): EventData =>
  jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as JSONType,
    metadata: event.metadata,
  });

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|#\s-]/g;

/** Escapes text for a .NET regular expression (the server's engine). */
const escapeRegex = (text: string): string => text.replace(REGEX_SPECIAL, (character) => `\\${character}`);

/**
 * The server-side filter of a subscription. The server takes one filter, on either the event type or the stream
 * name, so a port filter with both lists is narrowed by type on the server; `matchesFilter` then applies the whole
 * filter on the client. Every choice also keeps system events out (our types and stream ids never start with '$').
 */
export const toServerFilter = (filter: EventFilter | undefined): Filter => {
  if (filter?.eventTypes) {
    // Exact names; an empty list matches only the empty type, which no event has.
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  }
  if (filter?.streamPrefixes && filter.streamPrefixes.length > 0) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  }
  return excludeSystemEvents();
};

/** Ends a read the caller stopped consuming early, so the server stops sending; failures do not matter here. */
export const cancelRead = (read: StreamingRead<unknown>): void => {
  // The client re-emits late server errors on the read; without a listener they would crash the process.
  read.on('error', () => undefined);
  read.cancel().catch(() => undefined);
  read.destroy();
};
