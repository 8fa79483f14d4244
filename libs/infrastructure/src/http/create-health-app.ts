import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from './configure-http-app';

/**
 * A background app (rule engine, recorder worker): its module plus a small HTTP server with /health and /ready
 * only. Shutdown hooks are on, so SIGTERM lets the app finish or release its work before the process ends.
 * A provider failing at creation rejects (abortOnError off) instead of Nest's process.exit with the logs still
 * buffered: `startApp` prints why and exits, and a test that starts the app fails alone, not the whole jest run.
 */
export const createHealthApp = async (module: DynamicModule): Promise<NestExpressApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, abortOnError: false });
  app.disable('x-powered-by');
  configureHttpApp(app);
  return app;
};
