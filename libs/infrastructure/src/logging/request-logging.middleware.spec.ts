import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createRootLogger } from './logger.module';
import { requestLogging } from './request-logging.middleware';

type Line = Record<string, unknown> & {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string; headers: Record<string, string> };
  res?: { statusCode: number };
  responseTime?: number;
  err?: { message: string };
};

/** A server whose routes answer the status in their path (`/status/404`), behind the request logging middleware. */
const startServer = async (level: 'info' | 'warn') => {
  const lines: Line[] = [];
  const waiting: Array<() => void> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      waiting.splice(0).forEach((wake) => wake());
      done();
    },
  });
  const middleware = requestLogging(createRootLogger('test', level, destination));
  const server: Server = createServer((request, response) =>
    middleware(request, response, () => {
      const status = Number(/^\/status\/(\d{3})$/.exec(request.url ?? '')?.[1] ?? 200);
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const call = (path: string, headers: Record<string, string> = {}) =>
    new Promise<IncomingHttpHeaders>((done, fail) => {
      const outgoing = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
        response.resume();
        response.on('end', () => done(response.headers));
      });
      outgoing.on('error', fail);
      outgoing.end();
    });
  /** Resolves once `count` lines have been written. */
  const linesWritten = async (count: number): Promise<Line[]> => {
    while (lines.length < count) {
      await new Promise<void>((wake) => waiting.push(wake));
    }
    return lines;
  };
  return { call, linesWritten, lines, close: () => new Promise((done) => server.close(done)) };
};

describe('requestLogging', () => {
  it('gives every request an id, keeps a sane one the caller sent, and writes one line with credentials redacted', async () => {
    // given
    const server = await startServer('info');
    try {
      // when
      const given = await server.call('/status/202', { 'x-request-id': 'trace-42', 'x-api-key': 'vgk_secret' });
      const insane = await server.call('/status/200', { 'x-request-id': 'a b' });
      const [first, second] = await server.linesWritten(2);

      // then
      expect(given['x-request-id']).toBe('trace-42');
      expect(insane['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(first).toMatchObject({
        level: 30,
        msg: 'request completed',
        req: { id: 'trace-42', method: 'GET', url: '/status/202', headers: { 'x-api-key': '[redacted]' } },
        res: { statusCode: 202 },
      });
      expect(typeof first?.responseTime).toBe('number');
      expect(JSON.stringify(first)).not.toContain('vgk_secret');
      expect(second?.req?.id).toBe(insane['x-request-id']);
    } finally {
      await server.close();
    }
  });

  it('writes client errors as warnings and server errors as errors, and leaves /health out', async () => {
    // given
    const server = await startServer('info');
    try {
      // when
      await server.call('/health');
      await server.call('/status/404');
      await server.call('/status/503');
      const lines = await server.linesWritten(2);

      // then
      expect(lines.map(({ level, msg, res }) => [level, msg, res?.statusCode])).toEqual([
        [40, 'request completed', 404],
        [50, 'request errored', 503],
      ]);
      expect(lines[1]?.err?.message).toBe('failed with status code 503');
    } finally {
      await server.close();
    }
  });

  it('writes nothing for a request whose level is disabled', async () => {
    // given
    const server = await startServer('warn');
    try {
      // when: a success, then a client error that is written
      await server.call('/status/202');
      await server.call('/status/400');
      const lines = await server.linesWritten(1);

      // then
      expect(lines.map(({ res }) => res?.statusCode)).toEqual([400]);
    } finally {
      await server.close();
    }
  });
});
