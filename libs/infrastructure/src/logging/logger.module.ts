import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Logger, PARAMS_PROVIDER_TOKEN, PinoLogger, type Params } from 'nestjs-pino';
import { pino, stdSerializers } from 'pino';
import type { CommonEnv } from '../config/common.env';

/** The app's root pino logger: what Nest's Logger writes to, and what the request logging middleware uses. */
export const ROOT_LOGGER = 'vigil:rootLogger';

@Global()
@Module({})
class VigilLoggerModule {}

/**
 * Structured JSON logs (pino) through Nest's Logger; credentials are never written. Requests are logged by
 * `requestLogging` (configureHttpApp), not by nestjs-pino's middleware: that one builds a child logger with the
 * whole request serialized and redacted on every request, whatever the level, and runs the rest of the request in
 * an AsyncLocalStorage, which puts a hook on every promise of the process; together about a tenth of the API's CPU
 * per request. Log lines written while a request runs therefore carry no request binding; the request's own line
 * (with its id, also in the X-Request-Id header) says what it was and how it ended.
 */
export const createLoggerModule = (env: CommonEnv, appName: string): DynamicModule => {
  const root = pino({
    name: appName,
    level: env.LOG_LEVEL,
    serializers: { req: stdSerializers.req, res: stdSerializers.res, err: stdSerializers.err },
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
  });
  const params: Params = { pinoHttp: { logger: root } };
  return {
    module: VigilLoggerModule,
    providers: [
      { provide: PARAMS_PROVIDER_TOKEN, useValue: params },
      { provide: ROOT_LOGGER, useValue: root },
      PinoLogger,
      Logger,
    ],
    exports: [Logger, PinoLogger, ROOT_LOGGER],
  };
};
