import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from './configure-http-app';

/**
 * A background app (rule engine, recorder worker): its module plus a small HTTP server with /health and /ready
 * only. Shutdown hooks are on, so SIGTERM lets the app finish or release its work before the process ends.
 */
export const createHealthApp = async (module: DynamicModule): Promise<NestExpressApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true });
  app.disable('x-powered-by');
  configureHttpApp(app);
  return app;
};
