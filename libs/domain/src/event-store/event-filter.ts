import type { EventFilter } from './event-store.port';

/** The one definition of what a filter lets through; adapters that cannot filter on the server use it. */
export const matchesFilter = (
  filter: EventFilter | undefined,
  event: Readonly<{ type: string; streamId: string }>,
): boolean => {
  if (!filter) {
    return true;
  }
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) {
    return false;
  }
  if (filter.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) {
    return false;
  }
  return true;
};
