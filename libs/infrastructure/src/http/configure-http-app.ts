import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { HttpErrorFilter } from './http-error.filter';
import { createValidationPipe } from './validation.pipe';

/** The HTTP behaviour every Vigil app shares: pino logger, one error body, strict validation, shutdown hooks. */
export const configureHttpApp = (app: INestApplication): void => {
  app.useLogger(app.get(Logger));
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
