import type { AccessDomainEvent, EpochMs } from '../access/access.types';

// Event type names and fields are persisted (streams `audit-<yyyy-mm-dd>`): do not rename.

/**
 * A login refused before any user's stream was touched: unknown user, disabled or locked account, or (after a right
 * password) outside the login time profile of every role of the user.
 */
export type LoginRefused = AccessDomainEvent<
  'LoginRefused',
  {
    userName: string;
    userId?: string;
    reason: 'unknown' | 'disabled' | 'locked' | 'outsideTimeProfile';
    address: string;
    at: EpochMs;
  }
>;

/** An authenticated caller asked for something their roles do not allow. */
export type PermissionDenied = AccessDomainEvent<
  'PermissionDenied',
  { userId: string; method: string; path: string; required: string; address: string; at: EpochMs }
>;

/** An API key was used (recorded at most once a minute per key, to keep the log readable). */
export type ApiKeyUsed = AccessDomainEvent<
  'ApiKeyUsed',
  { keyId: string; method: string; path: string; address: string; at: EpochMs }
>;

/**
 * A user played back or exported a camera's recordings (FEATURES 11.2, user access logging of playback and exports):
 * the range asked for, and the media served (`mediaFrom`, `mediaTo`, `segments`: the segments concatenated).
 */
type RecordingAccess = {
  userId: string;
  cameraId: string;
  from: EpochMs;
  to: EpochMs;
  mediaFrom: EpochMs;
  mediaTo: EpochMs;
  segments: number;
  address: string;
  at: EpochMs;
};
export type RecordingPlayedBack = AccessDomainEvent<'RecordingPlayedBack', RecordingAccess>;
export type RecordingExported = AccessDomainEvent<'RecordingExported', RecordingAccess & { format: 'mp4' }>;

/**
 * An operator started or stopped a camera's manual recording (FEATURES 6.1.3), and what came of it: `started` /
 * `stopped` issued the recorder's job, `already-recording` / `not-recording` changed nothing. The recorder reports the
 * recording itself (ManualRecordingStarted / Stopped in `recording-<cameraId>`).
 */
export type ManualRecordingRequested = AccessDomainEvent<
  'ManualRecordingRequested',
  {
    userId: string;
    cameraId: string;
    request: 'start' | 'stop';
    outcome: 'started' | 'already-recording' | 'stopped' | 'not-recording';
    sessionId?: string;
    autoStopAt?: EpochMs;
    address: string;
    at: EpochMs;
  }
>;

export type AuditEvent =
  LoginRefused | PermissionDenied | ApiKeyUsed | RecordingPlayedBack | RecordingExported | ManualRecordingRequested;

export const AUDIT_STREAM_PREFIX = 'audit-'; // persisted: do not rename

/** One stream per UTC day keeps streams short; the global order is what the audit log reads. */
export const auditStream = (at: EpochMs): string => `${AUDIT_STREAM_PREFIX}${new Date(at).toISOString().slice(0, 10)}`;
