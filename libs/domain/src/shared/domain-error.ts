/**
 * The one error type of the domain: a machine-readable `code` (a string literal, stable across versions, and
 * used by the HTTP edge to choose a status) and a human-readable message. The domain never knows HTTP statuses.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message?: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message ?? code);
    this.name = new.target.name;
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
