import type { INestApplication } from '@nestjs/common';
import { validateEnv } from '@vigil/infrastructure';
import type { Server } from 'node:http';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../../libs/infrastructure/src/testing/test-database';
import { createApiApp } from './api.app';
import { ApiEnv } from './config/api.env';

const anyString: unknown = expect.any(String);
const startsWith3: unknown = expect.stringMatching(/^3\./);

describe('API basics', () => {
  let database: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApiApp(
      validateEnv(ApiEnv, { DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: 'warn' }),
    );
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers liveness', async () => {
    const response = await request(app.getHttpServer() as Server)
      .get('/health')
      .expect(200);

    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL, Redis and the event store answer', async () => {
    const response = await request(app.getHttpServer() as Server)
      .get('/ready')
      .expect(200);

    expect(response.body).toMatchObject({
      ready: true,
      checks: { postgres: { ok: true }, redis: { ok: true }, eventStore: { ok: true } },
    });
  });

  it('gives every request an id, and keeps a sane one the caller sent', async () => {
    const generated = await request(app.getHttpServer() as Server).get('/health');
    const given = await request(app.getHttpServer() as Server)
      .get('/health')
      .set('X-Request-Id', 'trace-42');
    const insane = await request(app.getHttpServer() as Server)
      .get('/health')
      .set('X-Request-Id', 'a b\tc');

    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(given.headers['x-request-id']).toBe('trace-42');
    expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with the one error body', async () => {
    const response = await request(app.getHttpServer() as Server)
      .get('/no/such/route')
      .expect(404);

    expect(response.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: anyString });
  });

  it('refuses a body that is not JSON with 400 MALFORMED_JSON', async () => {
    const response = await request(app.getHttpServer() as Server)
      .post('/health')
      .set('Content-Type', 'application/json')
      .send('{"not": json')
      .expect(400);

    expect(response.body).toEqual({ statusCode: 400, code: 'MALFORMED_JSON', message: anyString });
  });

  it('refuses an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(app.getHttpServer() as Server)
      .post('/health')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(3 * 1_048_576) }))
      .expect(413);

    expect(response.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('publishes the OpenAPI document at /api/docs', async () => {
    await request(app.getHttpServer() as Server)
      .get('/api/docs')
      .expect(200)
      .expect('Content-Type', /html/);
    const json = await request(app.getHttpServer() as Server)
      .get('/api/docs-json')
      .expect(200);

    expect(json.body).toMatchObject({ openapi: startsWith3, info: { title: 'Vigil API' } });
    expect(Object.keys((json.body as { paths: Record<string, unknown> }).paths)).toEqual(
      expect.arrayContaining(['/health', '/ready']),
    );
  });
});

describe('API readiness when a dependency is down', () => {
  let database: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    app = await createApiApp(validateEnv(ApiEnv, { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:1' }));
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers 503 and names the dependency that does not answer', async () => {
    const response = await request(app.getHttpServer() as Server)
      .get('/ready')
      .expect(503);

    expect(response.body).toMatchObject({
      ready: false,
      checks: { postgres: { ok: true }, redis: { ok: false }, eventStore: { ok: true } },
    });
  });
});
