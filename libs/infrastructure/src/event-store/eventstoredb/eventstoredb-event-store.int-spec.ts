import { describeEventStoreContract } from '../contract.suite';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env.EVENTSTORE_URL;

if (connectionString) {
  describeEventStoreContract('EventStoreDB', () => {
    const store = new EventStoreDbEventStore({ connectionString });
    return Promise.resolve({ store, teardown: () => store.close() });
  });
} else {
  console.log(
    'EventStoreDB contract suite skipped: set EVENTSTORE_URL (e.g. esdb://localhost:2113?tls=false) to run it',
  );
  it.skip('EventStore contract: EventStoreDB (needs EVENTSTORE_URL)', () => undefined);
}
