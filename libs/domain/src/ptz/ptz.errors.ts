import { DomainError } from '../shared';

/** Stable, machine-readable codes of PTZ arbitration. Persisted in logs and API responses: do not rename. */
export type PtzErrorCode =
  /**
   * Another user's manual session with a PTZ priority at least the caller's holds the camera: "You can only take
   * over PTZ sessions from users with a lower priority than you" (S2:11881). `details`: holderUserId,
   * holderPriority, priority, expiresAt.
   */
  | 'PTZ_SESSION_HELD'
  /** A manual command of a session that no longer holds the camera (it ended, or a higher priority took over). */
  | 'PTZ_SESSION_NOT_HELD';

export class PtzError extends DomainError<PtzErrorCode> {}
