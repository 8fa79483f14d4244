import { randomUUID } from 'node:crypto';
import type { EventSubscription, NewEvent, StoredEvent } from '@vigil/domain';

/** A unique stream category per test, so tests that share a store never see each other's events. */
export const uniqueCategory = (): string => `test${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export const anEvent = (type = 'SomethingHappened', data: unknown = { n: 1 }): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { correlationId: randomUUID() },
});

export const someEvents = (count: number, type = 'SomethingHappened'): NewEvent[] =>
  Array.from({ length: count }, (_, n) => anEvent(type, { n }));

export const readAllOf = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
};

/**
 * Reads a subscription until `count` events arrived (then closes it), failing after `timeoutMs`. Extra events that
 * arrive in the last batch are kept, so a test can assert that nothing more than expected was delivered.
 */
export const collectFromSubscription = async (
  subscription: EventSubscription,
  count: number,
  timeoutMs = 20_000,
): Promise<StoredEvent[]> => {
  const received: StoredEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void subscription.close();
      reject(new Error(`subscription delivered ${received.length} of ${count} events in ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const reading = (async () => {
    for await (const batch of subscription) {
      expectNonEmpty(batch);
      received.push(...batch);
      if (received.length >= count) {
        break;
      }
    }
    await subscription.close();
    return received;
  })();
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

const expectNonEmpty = (batch: readonly StoredEvent[]): void => {
  if (batch.length === 0) {
    throw new Error('a subscription yielded an empty batch');
  }
};
