import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { describeEventStoreContract } from '../contract.suite';
import { PostgresEventStore } from './postgres-event-store';

let database: TestDatabase;

describeEventStoreContract('PostgreSQL', async () => {
  database = await createTestDatabase();
  const store = new PostgresEventStore({ connectionString: database.url, poolSize: 12 });
  return {
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  };
});
