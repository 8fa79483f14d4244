import { describeEventStoreContract } from '../contract.suite';
import { InMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('in memory', () => {
  const store = new InMemoryEventStore();
  return Promise.resolve({ store, teardown: () => store.close() });
});
