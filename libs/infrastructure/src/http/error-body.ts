/** The one error body of every HTTP response that is not a success. `code` is stable and machine-readable. */
export type ErrorBody = Readonly<{
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}>;

/** Domain error codes and the HTTP status each maps to; a code not listed here is a 422. */
export const DOMAIN_ERROR_STATUS: Readonly<Record<string, number>> = {
  WRONG_EXPECTED_REVISION: 409,
  EVENT_ID_CONFLICT: 409,
  EVENT_TOO_LARGE: 413,
  EVENT_DATA_NOT_JSON: 400,
  INVALID_EVENT: 400,
  POSITION_BEYOND_END: 400,
  USER_NOT_FOUND: 404,
  USER_DELETED: 404,
  ROLE_NOT_FOUND: 404,
  ROLE_DELETED: 404,
  USER_ALREADY_EXISTS: 409,
  ROLE_ALREADY_EXISTS: 409,
  OWNER_PROTECTED: 403,
  NOT_OWNER: 403,
  ROLE_BUILT_IN: 403,
  USER_INVALID: 400,
  ROLE_INVALID: 400,
  API_KEY_NOT_FOUND: 404,
  API_KEY_ALREADY_EXISTS: 409,
  API_KEY_INVALID: 400,
  TIME_PROFILE_NOT_FOUND: 404,
  TIME_PROFILE_ALREADY_EXISTS: 409,
  TIME_PROFILE_IN_USE: 409,
  TIME_PROFILE_BUILT_IN: 403,
  TIME_PROFILE_INVALID: 422,
  USER_DEFINED_EVENT_NOT_FOUND: 404,
  USER_DEFINED_EVENT_ALREADY_EXISTS: 409,
  USER_DEFINED_EVENT_INVALID: 400,
  GENERIC_EVENT_NOT_FOUND: 404,
  GENERIC_EVENT_ALREADY_EXISTS: 409,
  GENERIC_EVENT_INVALID: 422,
};

/** Codes of the HTTP edge itself, by status, for errors that carry no code of their own. */
export const HTTP_STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  503: 'UNAVAILABLE',
};
