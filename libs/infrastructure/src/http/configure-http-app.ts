import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { FastifyInstance } from 'fastify';
import type { Logger as RootLogger } from 'pino';
import { ROOT_LOGGER } from '../logging/logger.module';
import { requestLogging } from '../logging/request-logging.middleware';
import { HttpErrorFilter } from './http-error.filter';
import { createValidationPipe } from './validation.pipe';

/**
 * The HTTP behaviour every Vigil app shares: pino logger, a request id and a log line per request, one error body,
 * strict validation, shutdown hooks. Call it before adding other middleware, so that every request gets its id.
 */
export const configureHttpApp = (app: INestApplication): void => {
  app.useLogger(app.get(Logger));
  const logging = requestLogging(app.get<string, RootLogger>(ROOT_LOGGER));
  const adapter = app.getHttpAdapter();
  if (adapter.getType() === 'fastify') {
    // A hook rather than a middleware: Fastify runs middleware through @fastify/middie, at a cost on every request.
    (adapter.getInstance() as FastifyInstance).addHook('onRequest', (request, reply, done) =>
      logging(request.raw, reply.raw, done),
    );
  } else {
    app.use(logging);
  }
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
};

/** OpenAPI document and UI at /api/docs (JSON at /api/docs-json). */
export const setUpOpenApi = (app: INestApplication, title: string, version: string): void => {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setVersion(version)
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header' }, 'apiKey')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
  });
};
