import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isDomainError } from '@vigil/domain';
import { DOMAIN_ERROR_STATUS, HTTP_STATUS_CODES, type ErrorBody } from './error-body';

type HttpExceptionBody = { code?: unknown; message?: unknown; details?: unknown };

/** Errors that body-parser raises before Nest sees the request: they carry `status` and `type`. */
type BodyParserError = Error & { status: number; type: string };

const BODY_PARSER_CODES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'MALFORMED_JSON',
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'encoding.unsupported': 'UNSUPPORTED_ENCODING',
  'charset.unsupported': 'UNSUPPORTED_ENCODING',
};

export const isBodyParserError = (error: unknown): error is BodyParserError =>
  error instanceof Error &&
  typeof (error as Partial<BodyParserError>).status === 'number' &&
  typeof (error as Partial<BodyParserError>).type === 'string';

/** Maps anything thrown to the one error body. Unknown errors are logged and answered as a bare 500. */
export const toErrorBody = (error: unknown): ErrorBody => {
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const response = error.getResponse();
    const body: HttpExceptionBody = typeof response === 'object' ? response : {};
    const message = typeof body.message === 'string' ? body.message : error.message;
    return {
      statusCode,
      code: typeof body.code === 'string' ? body.code : (HTTP_STATUS_CODES[statusCode] ?? `HTTP_${statusCode}`),
      message,
      ...(body.details === undefined ? {} : { details: body.details }),
    };
  }
  if (isDomainError(error)) {
    return {
      statusCode: DOMAIN_ERROR_STATUS[error.code] ?? HttpStatus.UNPROCESSABLE_ENTITY,
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  if (isBodyParserError(error) && error.status >= 400 && error.status < 500) {
    return {
      statusCode: error.status,
      code: BODY_PARSER_CODES[error.type] ?? HTTP_STATUS_CODES[error.status] ?? 'BAD_REQUEST',
      message: error.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : error.message,
    };
  }
  if (isClientHttpError(error)) {
    return {
      statusCode: error.statusCode,
      code: HTTP_STATUS_CODES[error.statusCode] ?? 'BAD_REQUEST',
      message: error.message,
    };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' };
};

/** An error the HTTP server raised about the request itself (Fastify's carry a 4xx `statusCode`). */
const isClientHttpError = (error: unknown): error is Error & { statusCode: number } => {
  const statusCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return error instanceof Error && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
};

/** The response of either HTTP platform (an Express response, a Fastify reply): both send an object as JSON. */
type AnyResponse = { status(code: number): { send(body: unknown): unknown } };

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<AnyResponse>();
    const body = toErrorBody(error);
    if (body.statusCode >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    } else {
      this.logger.warn(`${body.statusCode} ${body.code}: ${body.message}`);
    }
    response.status(body.statusCode).send(body);
  }
}
