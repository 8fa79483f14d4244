import { DomainError } from '../shared';

/** Stable, machine-readable codes of the generic-events area. Persisted in logs and API responses: do not rename. */
export type GenericEventErrorCode = 'GENERIC_EVENT_EXPRESSION_INVALID';

/** Why an expression (of any expression type) was rejected. Stable: the HTTP edge and the UI may switch on it. */
export type GenericEventExpressionProblem =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'TOO_DEEP'
  | 'UNTERMINATED_QUOTE'
  | 'EMPTY_TERM'
  | 'EXPECTED_TERM'
  | 'EXPECTED_OPERATOR'
  | 'UNCLOSED_PARENTHESIS'
  | 'UNEXPECTED_CLOSING_PARENTHESIS'
  | 'REGEX_INVALID'
  | 'REGEX_NESTED_QUANTIFIER';

/**
 * An expression that cannot be parsed or compiled. `position` is the 0-based UTF-16 index in the expression where the
 * problem was found (0 when the regular-expression engine reports no position).
 */
export class GenericEventExpressionError extends DomainError<'GENERIC_EVENT_EXPRESSION_INVALID'> {
  constructor(
    readonly reason: GenericEventExpressionProblem,
    readonly position: number,
    message: string,
  ) {
    super('GENERIC_EVENT_EXPRESSION_INVALID', `${reason} at ${position}: ${message}`, { reason, position });
  }
}

/** Outcome of parsing or compiling: the value, or the typed error (never thrown by the non-`OrThrow` functions). */
export type GenericEventResult<T> =
  Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: GenericEventExpressionError }>;
