import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Logger as NestPinoLogger, PARAMS_PROVIDER_TOKEN, PinoLogger, type Params } from 'nestjs-pino';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import type { CommonEnv } from '../config/common.env';

/** The app's root pino logger: what Nest's Logger writes to, and what the request logging middleware uses. */
export const ROOT_LOGGER = 'vigil:rootLogger';

/**
 * Structured JSON lines to stdout (or to `destination`), with the request, response and error serializers that
 * the request lines use; credentials are replaced by [redacted] wherever they would appear.
 */
export const createRootLogger = (
  appName: string,
  level: CommonEnv['LOG_LEVEL'],
  destination?: DestinationStream,
): Logger =>
  pino(
    {
      name: appName,
      level,
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
    },
    destination,
  );

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
  const root = createRootLogger(appName, env.LOG_LEVEL);
  const params: Params = { pinoHttp: { logger: root } };
  return {
    module: VigilLoggerModule,
    providers: [
      { provide: PARAMS_PROVIDER_TOKEN, useValue: params },
      { provide: ROOT_LOGGER, useValue: root },
      PinoLogger,
      NestPinoLogger,
    ],
    exports: [NestPinoLogger, PinoLogger, ROOT_LOGGER],
  };
};
