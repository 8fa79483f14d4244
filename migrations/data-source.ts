import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** The TypeORM data source of the migrations: `npm run migrate`, `npm start` and the test template use it. */
export const createMigrationDataSource = (url: string): DataSource =>
  new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error'],
  });

export default createMigrationDataSource(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigil');
