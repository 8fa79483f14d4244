import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { CommonEnv } from '../config/common.env';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** A caller's X-Request-Id when it is sane, else a new one; echoed back so clients can quote it. */
const requestId = (request: IncomingMessage): string => {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
};

/** Structured JSON logs (pino) with a request id on every request line; credentials are never written. */
export const createLoggerModule = (env: CommonEnv, appName: string) =>
  LoggerModule.forRoot({
    pinoHttp: {
      name: appName,
      level: env.LOG_LEVEL,
      genReqId: (request, response) => {
        const id = requestId(request);
        response.setHeader('X-Request-Id', id);
        return id;
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.token',
          '*.refreshToken',
        ],
        censor: '[redacted]',
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (request) => request.url === '/health' },
    },
  });
