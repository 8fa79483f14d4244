import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** An error shaped like body-parser's (`status`, `type`), which toErrorBody maps to its code. */
const bodyError = (status: number, type: string, message: string): Error =>
  Object.assign(new Error(message), { status, type });

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

const DECODERS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

const isJson = (request: FastifyRequest): boolean =>
  (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';

/**
 * A JSON body sent compressed (Content-Encoding gzip, deflate or br) is read decompressed, as body-parser read it;
 * another encoding is 415 UNSUPPORTED_ENCODING. The size limit applies to the decompressed body, as there.
 */
const decodeJsonBody = (fastify: FastifyInstance): void => {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding === 'identity' || !isJson(request)) {
      done(null, payload);
      return;
    }
    const decoder = DECODERS[encoding];
    if (!decoder) {
      done(bodyError(415, 'encoding.unsupported', `unsupported content encoding "${encoding}"`));
      return;
    }
    // Fastify checks Content-Length against the bytes received, which a decoded stream has to report.
    let received = 0;
    payload.on('data', (chunk: Buffer) => (received += chunk.length));
    const decoded = payload.pipe(decoder()) as unknown as Readable & { receivedEncodedLength: number };
    Object.defineProperty(decoded, 'receivedEncodedLength', { get: () => received });
    payload.on('error', (error) => decoded.destroy(error));
    done(null, decoded);
  });
};

/**
 * JSON bodies up to `limitBytes`, read as body-parser's `json()` read them on Express: only `application/json`
 * (decompressed when sent compressed), in a UTF charset (else 415 UNSUPPORTED_ENCODING), an empty body as `{}`, an
 * object or an array at the top (else 400 MALFORMED_JSON), too large 413 PAYLOAD_TOO_LARGE. A body of any other type
 * is not parsed (the route sees no body), as on Express, instead of Fastify's 415. Its errors reach the exception
 * filter (Nest hands Fastify's errors to it), which maps them to their codes.
 */
export const useJsonBody = (app: NestFastifyApplication, limitBytes: number): void => {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  decodeJsonBody(fastify);
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: limitBytes },
    (request, body: string, done) => {
      const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset !== undefined && !charset.startsWith('utf-')) {
        done(bodyError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`), undefined);
        return;
      }
      if (body.length === 0) {
        done(null, {});
        return;
      }
      const first = body.trimStart()[0];
      if (first !== '{' && first !== '[') {
        done(bodyError(400, 'entity.parse.failed', 'the request body is not valid JSON'), undefined);
        return;
      }
      try {
        done(null, JSON.parse(body) as unknown);
      } catch {
        done(bodyError(400, 'entity.parse.failed', 'the request body is not valid JSON'), undefined);
      }
    },
  );
  fastify.addContentTypeParser('*', (_request, payload, done) => {
    payload.resume();
    done(null, undefined);
  });
};
