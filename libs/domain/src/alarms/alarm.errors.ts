import { DomainError } from '../shared';

/**
 * Stable, machine-readable codes of the alarm lifecycle. Persisted in logs and API responses: do not rename.
 * Transitions the alarm's state does not allow (ALARM_NOT_NEW, ALARM_CLOSED) are conflicts (409) at the HTTP edge;
 * ALARM_NOT_FOUND is a 404; the others are invalid requests (422).
 */
export type AlarmErrorCode =
  | 'ALARM_NOT_FOUND'
  | 'ALARM_NOT_NEW'
  | 'ALARM_CLOSED'
  | 'ALARM_PRIORITY_UNKNOWN'
  | 'ALARM_STATE_UNKNOWN'
  | 'ALARM_STATE_INVALID'
  | 'ALARM_COMMENT_INVALID'
  | 'ALARM_CLOSING_REASON_REQUIRED'
  | 'ALARM_CLOSING_REASON_UNKNOWN';

export class AlarmError extends DomainError<AlarmErrorCode> {}
