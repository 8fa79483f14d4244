import type { AccessDomainEvent, EpochMs } from '../access/access.types';

// Event type names and field names are persisted, and read by rules (FEATURES 2.1 system events): do not rename.

export const PTZ_STREAM_PREFIX = 'ptz-'; // persisted: do not rename (one stream per PTZ camera)

export const ptzStream = (cameraId: string): string => `${PTZ_STREAM_PREFIX}${cameraId}`;

/** Why a manual session ended. Persisted: do not rename. */
export type PtzSessionEndReason =
  /** The operator released it (or logged out of it). */
  | 'released'
  /** No command for the session's timeout (FEATURES 8.8: 15 s by default). */
  | 'timeout'
  /** A user with a higher PTZ priority took the camera over. */
  | 'takenOver'
  /** A rule moved the camera with a higher PTZ priority than the session's. */
  | 'preempted';

/**
 * A user started controlling the camera by hand (FEATURES 2.1 `PTZ Manual Session Started`, S2:12479: manual
 * sessions only, not patrolling nor moves triggered by rules). The session ends at `expiresAt` unless a command
 * extends it.
 */
export type PTZManualSessionStarted = AccessDomainEvent<
  'PTZManualSessionStarted', // persisted: do not rename
  {
    cameraId: string;
    sessionId: string;
    userId: string;
    priority: number;
    timeoutSeconds: number;
    expiresAt: EpochMs;
    at: EpochMs;
  }
>;

/** A command of the session's user: the session now ends at `expiresAt` (its timeout counted from `at`). */
export type PTZManualSessionExtended = AccessDomainEvent<
  'PTZManualSessionExtended', // persisted: do not rename
  { cameraId: string; sessionId: string; userId: string; expiresAt: EpochMs; at: EpochMs }
>;

/** FEATURES 2.1 `PTZ Manual Session Stopped`: what the default rule "Go to Preset when PTZ is done" reacts to. */
export type PTZManualSessionStopped = AccessDomainEvent<
  'PTZManualSessionStopped', // persisted: do not rename
  {
    cameraId: string;
    sessionId: string;
    userId: string;
    priority: number;
    reason: PtzSessionEndReason;
    /** takenOver / preempted: the priority that took the camera. */
    byPriority?: number;
    at: EpochMs;
  }
>;

export type PtzEvent = PTZManualSessionStarted | PTZManualSessionExtended | PTZManualSessionStopped;

export const PTZ_EVENT_TYPES: readonly PtzEvent['type'][] = [
  'PTZManualSessionStarted',
  'PTZManualSessionExtended',
  'PTZManualSessionStopped',
];
