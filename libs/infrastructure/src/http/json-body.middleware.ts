import type { INestApplication } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';
import { isBodyParserError, toErrorBody } from './http-error.filter';

/**
 * JSON bodies up to `limitBytes`. Body-parser fails before Nest routes the request, and Nest would flatten its
 * error into a bare 400; answering here keeps the precise code (MALFORMED_JSON, PAYLOAD_TOO_LARGE, ...).
 * Create the app with `bodyParser: false` so this is the only parser.
 */
export const useJsonBody = (app: INestApplication, limitBytes: number): void => {
  app.use(json({ limit: limitBytes }));
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (!isBodyParserError(error)) {
      next(error);
      return;
    }
    const body = toErrorBody(error);
    response.status(body.statusCode).json(body);
  });
};
