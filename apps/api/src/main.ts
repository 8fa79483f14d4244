import 'reflect-metadata';
import { loadEnvOrExit } from '@vigil/infrastructure';
import { createApiApp } from './api.app';
import { ApiEnv } from './config/api.env';

const main = async (): Promise<void> => {
  const env = loadEnvOrExit(ApiEnv, 'api');
  const app = await createApiApp(env);
  await app.listen(env.PORT);
};

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
