import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Express's weak ETag of a body: its length in hex and the start of its SHA-1, in base64. */
export const weakEntityTag = (body: string | Buffer): string => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (bytes.length === 0) {
    return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
  }
  const hash = createHash('sha1').update(bytes).digest('base64').substring(0, 27);
  return `W/"${bytes.length.toString(16)}-${hash}"`;
};

const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/**
 * Whether the client's copy (If-None-Match) is still the response's: what Express's `req.fresh` decided. The
 * responses carry no Last-Modified, so a request with If-Modified-Since alone is never fresh.
 */
export const isFresh = (headers: IncomingHttpHeaders, entityTag: string): boolean => {
  const noneMatch = headers['if-none-match'];
  const modifiedSince = headers['if-modified-since'];
  if (noneMatch === undefined && modifiedSince === undefined) {
    return false;
  }
  if (NO_CACHE.test(headers['cache-control'] ?? '')) {
    return false;
  }
  if (modifiedSince !== undefined) {
    return false;
  }
  if (noneMatch === '*') {
    return true;
  }
  return (noneMatch ?? '')
    .split(',')
    .map((token) => token.trim())
    .some((token) => token === entityTag || `W/${token}` === entityTag || token === `W/${entityTag}`);
};

/**
 * The entity tags of Express on Fastify: every body sent whole (not a stream) gets its weak ETag, and a GET or HEAD
 * whose client already has it is answered 304 without a body, so caches and conditional requests behave as they
 * did when the API ran on Express.
 */
export const useEntityTags = (fastify: FastifyInstance): void => {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if ((typeof payload !== 'string' && !Buffer.isBuffer(payload)) || reply.hasHeader('etag')) {
      done(null, payload);
      return;
    }
    const entityTag = weakEntityTag(payload);
    void reply.header('ETag', entityTag);
    const status = reply.statusCode;
    const cacheable = (status >= 200 && status < 300) || status === 304;
    if ((request.method === 'GET' || request.method === 'HEAD') && cacheable && isFresh(request.headers, entityTag)) {
      void reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      reply.removeHeader('transfer-encoding');
      done(null, '');
      return;
    }
    done(null, payload);
  });
};
