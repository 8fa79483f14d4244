// Creates the database named in a URL when it is missing, and runs the TypeORM migrations (compiled in dist/).
import { createRequire } from 'node:module';
import { ROOT } from './build.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

/** The same URL pointing at the server's maintenance database `postgres`. */
const maintenanceUrl = (url) => {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
};

export const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

export async function ensureDatabase(url, { log = console.log } = {}) {
  const client = new Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    const name = databaseName(url);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** Drops and re-creates a database from nothing (the test template), closing its connections first. */
export async function recreateDatabase(url) {
  const client = new Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    const name = databaseName(url);
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await client.end();
  }
}

export async function runMigrations(url, { log = console.log } = {}) {
  const { createMigrationDataSource } = require(`${ROOT}/dist/migrations/data-source.js`);
  const dataSource = createMigrationDataSource(url);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) {
      log(`migrated ${databaseName(url)}: ${migration.name}`);
    }
  } finally {
    await dataSource.destroy();
  }
}
