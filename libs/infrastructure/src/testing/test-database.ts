import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The server the tests use; `npm test` starts it when needed. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** Migrated once per `npm test` run (scripts/test.mjs); every test file clones it. */
export const TEST_TEMPLATE_DATABASE = process.env.VIGIL_TEST_TEMPLATE ?? 'vigil_test_template';

export type TestDatabase = Readonly<{ name: string; url: string; drop: () => Promise<void> }>;

const withMaintenanceClient = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** One fresh, migrated database per test file, cloned from the template; `drop()` it in afterAll. */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  await withMaintenanceClient(async (client) => {
    try {
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEST_TEMPLATE_DATABASE}`);
    } catch (error) {
      throw new Error(
        `cannot clone ${TEST_TEMPLATE_DATABASE} (run the tests with \`npm test\`, which migrates it): ${String(error)}`,
      );
    }
  });
  return {
    name,
    url: `${TEST_SERVER_URL}/${name}`,
    drop: () =>
      withMaintenanceClient(
        async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
      ),
  };
};
