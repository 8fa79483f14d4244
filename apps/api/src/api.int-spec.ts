import type { INestApplication } from '@nestjs/common';
import { validateEnv } from '@vigil/infrastructure';
import { once } from 'node:events';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../../libs/infrastructure/src/testing/test-database';
import { createApiApp } from './api.app';
import { ApiEnv } from './config/api.env';

const anyString: unknown = expect.any(String);

/** A JSON POST whose bytes are sent as they are, with their Content-Encoding (supertest would serialize a Buffer). */
const postBytes = async (
  server: Server,
  path: string,
  contentEncoding: string,
  bytes: string | Buffer,
): Promise<{ status: number; body: unknown }> => {
  if (!server.listening) {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  }
  const { port } = server.address() as AddressInfo;
  return new Promise((done, fail) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': contentEncoding },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          done({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as unknown }),
        );
      },
    );
    outgoing.on('error', fail);
    outgoing.end(bytes);
  });
};
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

  it('tags a response as Express did, and answers 304 when the client already has it', async () => {
    const first = await request(app.getHttpServer() as Server)
      .get('/health')
      .expect(200);
    const again = await request(app.getHttpServer() as Server)
      .get('/health')
      .set('If-None-Match', String(first.headers.etag))
      .expect(304);

    expect(first.headers.etag).toBe('W/"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.text).toBe('');
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

  it('reads a compressed JSON body, and refuses an encoding it does not know with 415 UNSUPPORTED_ENCODING', async () => {
    const credentials = JSON.stringify({ userName: 'nobody', password: 'Wr0ng-Passw0rd!' });

    const compressed = await postBytes(app.getHttpServer() as Server, '/api/auth/login', 'gzip', gzipSync(credentials));
    const unknown = await postBytes(app.getHttpServer() as Server, '/api/auth/login', 'compress', credentials);

    expect(compressed).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect(unknown).toMatchObject({ status: 415, body: { statusCode: 415, code: 'UNSUPPORTED_ENCODING' } });
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
