import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp, setUpOpenApi, useJsonBody } from '@vigil/infrastructure';
import { ApiModule } from './api.module';
import { RedisIoAdapter } from './alarms/redis-io.adapter';
import type { ApiEnv } from './config/api.env';

/** Builds the API application (without listening), so tests start exactly what production starts. */
export const createApiApp = async (env: ApiEnv): Promise<NestExpressApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(env), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app);
  useJsonBody(app, env.HTTP_BODY_LIMIT_BYTES);
  app.useWebSocketAdapter(new RedisIoAdapter(app, env.REDIS_URL, env.REDIS_KEY_PREFIX));
  app.disable('x-powered-by');
  setUpOpenApi(app, 'Vigil API', '0.1.0');
  return app;
};
