import { parse as parseQueryString } from 'node:querystring';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, setUpOpenApi, useEntityTags, useJsonBody } from '@vigil/infrastructure';
import { ApiModule } from './api.module';
import { RedisIoAdapter } from './alarms/redis-io.adapter';
import type { ApiEnv } from './config/api.env';

/**
 * Fastify, with the request handling of Express that clients see kept: paths matched whatever their case and
 * trailing slash, query strings parsed by node:querystring, long path parameters accepted, Node's timeouts. Nest on
 * Fastify costs about half the CPU per request of Nest on Express (profiled on POST /api/events/generic), which is
 * what bounded the HTTP ingestion of events.
 */
const fastifyAdapter = (env: ApiEnv): FastifyAdapter =>
  new FastifyAdapter({
    bodyLimit: env.HTTP_BODY_LIMIT_BYTES,
    // Node's own timeouts, which the API had on Express (Fastify's defaults: no request timeout, 72 s keep-alive).
    requestTimeout: 300_000,
    keepAliveTimeout: 5_000,
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: 10_000,
      querystringParser: (query) => parseQueryString(query),
    },
    // No Nest middleware in the API (request logging is a hook): no @fastify/middie pass on every request.
    skipMiddie: true,
  });

/** Builds the API application (without listening), so tests start exactly what production starts. */
export const createApiApp = async (env: ApiEnv): Promise<NestFastifyApplication> => {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(env), fastifyAdapter(env), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app);
  useJsonBody(app, env.HTTP_BODY_LIMIT_BYTES);
  useEntityTags(app.getHttpAdapter().getInstance());
  app.useWebSocketAdapter(new RedisIoAdapter(app, env.REDIS_URL, env.REDIS_KEY_PREFIX));
  setUpOpenApi(app, 'Vigil API', '0.1.0');
  return app;
};
