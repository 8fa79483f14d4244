import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as PinoLogger, Level } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Requests not logged when they complete: probes polled every few seconds would drown the rest. */
const UNLOGGED_URLS: ReadonlySet<string> = new Set(['/health']);

/** pino's request serializer reads the id from `request.id`. */
type LoggedRequest = IncomingMessage & { id?: unknown };

/** A caller's X-Request-Id when it is sane, else a new one; echoed back so clients can quote it. */
const requestId = (request: IncomingMessage): string => {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
};

const levelOf = (statusCode: number): Level => (statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info');

/**
 * One line per completed request ("request completed", "request aborted" or "request errored", with the request,
 * the response and its time), as pino-http wrote them, and the request id header. Unlike pino-http, nothing is
 * serialized while the request runs: the request and response are serialized (and redacted) only when the line is
 * written, so a request whose level is disabled (2xx with LOG_LEVEL=warn) costs a header and one listener, not a
 * child logger with the whole request serialized up front.
 */
export const requestLogging =
  (logger: PinoLogger) =>
  (request: LoggedRequest, response: ServerResponse, next: () => void): void => {
    const id = requestId(request);
    request.id = id;
    response.setHeader('X-Request-Id', id);
    if (!UNLOGGED_URLS.has(request.url ?? '')) {
      const startedAt = Date.now();
      // 'close' follows 'finish' when the response was sent, and comes alone when the client went away first.
      response.once('close', () => logCompletion(logger, request, response, startedAt));
    }
    next();
  };

const logCompletion = (
  logger: PinoLogger,
  request: LoggedRequest,
  response: ServerResponse,
  startedAt: number,
): void => {
  const level = levelOf(response.statusCode);
  if (!logger.isLevelEnabled(level)) {
    return;
  }
  const responseTime = Date.now() - startedAt;
  if (response.statusCode >= 500) {
    const err = new Error(`failed with status code ${response.statusCode}`);
    logger[level]({ req: request, res: response, err, responseTime }, 'request errored');
    return;
  }
  const completed = !request.readableAborted && response.writableEnded;
  logger[level]({ req: request, res: response, responseTime }, completed ? 'request completed' : 'request aborted');
};
