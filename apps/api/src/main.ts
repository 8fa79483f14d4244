import 'reflect-metadata';
import { loadEnvOrExit, startApp } from '@vigil/infrastructure';
import { createApiApp } from './api.app';
import { ApiEnv } from './config/api.env';

startApp('api', async () => {
  const env = loadEnvOrExit(ApiEnv, 'api');
  const app = await createApiApp(env);
  await app.listen(env.PORT);
});
