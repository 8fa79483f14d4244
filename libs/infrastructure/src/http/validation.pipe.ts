import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export type FieldProblem = Readonly<{ field: string; problems: readonly string[] }>;

const flatten = (errors: readonly ValidationError[], parent = ''): FieldProblem[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });

/** Rejects unknown and malformed fields with 400 VALIDATION_FAILED, naming each field and what is wrong with it. */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'the request is not valid',
        details: flatten(errors),
      }),
  });
