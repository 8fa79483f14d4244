// `npm run migrate`: builds, creates the database of DATABASE_URL if needed and applies pending migrations.
import { build } from './lib/build.mjs';
import { ensureDatabase, runMigrations } from './lib/database.mjs';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigil';
build();
await ensureDatabase(url);
await runMigrations(url);
