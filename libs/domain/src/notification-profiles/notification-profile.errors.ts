import { DomainError } from '../shared';

/** Stable, machine-readable codes of the notifications area. Persisted in logs and API responses: do not rename. */
export type NotificationProfileErrorCode =
  | 'NOTIFICATION_PROFILE_INVALID'
  | 'NOTIFICATION_PROFILE_NOT_FOUND'
  | 'NOTIFICATION_PROFILE_ALREADY_EXISTS'
  | 'NOTIFICATION_PROFILE_IN_USE'
  | 'MAIL_SERVER_SETTINGS_INVALID'
  | 'AVI_GENERATION_SETTINGS_INVALID';

export class NotificationProfileError extends DomainError<NotificationProfileErrorCode> {}
