import 'reflect-metadata';
import type { Server } from 'node:http';
import { loadEnvOrExit, startApp } from '@vigil/infrastructure';
import { createApiApp } from './api.app';
import { ApiEnv } from './config/api.env';

startApp('api', async () => {
  const env = loadEnvOrExit(ApiEnv, 'api');
  const app = await createApiApp(env);
  await app.init();
  // Node's default address, every interface (IPv6 and IPv4) as the API listened on Express: Fastify's own listen()
  // would take localhost only.
  const server: Server = app.getHttpServer();
  await new Promise<void>((listening, fail) => {
    server.once('error', fail);
    server.listen(env.PORT, () => listening());
  });
});
