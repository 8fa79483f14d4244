import { DomainError } from '../shared';

/** Stable, machine-readable codes of the time-profiles area. Persisted in logs and API responses: do not rename. */
export type TimeProfileErrorCode =
  | 'TIME_PROFILE_INVALID'
  | 'TIME_PROFILE_NOT_FOUND'
  | 'TIME_PROFILE_ALREADY_EXISTS'
  | 'TIME_PROFILE_BUILT_IN'
  | 'TIME_PROFILE_IN_USE';

export class TimeProfileError extends DomainError<TimeProfileErrorCode> {}
