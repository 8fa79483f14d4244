/**
 * A recorder worker's heartbeat: a Redis key it sets every few seconds with a time to live, so the key is there
 * while the worker runs and is gone a few seconds after it stopped (or at once, when it stops cleanly). No event
 * per beat: only the transitions are stored (RecordingServerResponding / NotResponding). Persisted: do not rename.
 */
export const RECORDER_HEARTBEAT_KEY = 'recorder-heartbeat'; // persisted: do not rename

/** `<prefix>:recorder-heartbeat:<recorderId>`; the prefix is the installation's QUEUE_PREFIX. */
export const recorderHeartbeatKey = (prefix: string, recorderId: string): string =>
  `${prefix}:${RECORDER_HEARTBEAT_KEY}:${recorderId}`;

/**
 * `<prefix>:recorder-last-seen`: a hash of recorder id → epoch ms of its last beat, without expiry, so "last seen"
 * is still known once the heartbeat is gone.
 */
export const recorderLastSeenKey = (prefix: string): string => `${prefix}:recorder-last-seen`; // persisted: do not rename

/** The key's value. Field names are persisted. */
export type RecorderHeartbeat = Readonly<{
  recorderId: string;
  /** When the worker last beat (epoch ms). */
  at: number;
  /** When this run of the worker started. */
  startedAt: number;
  /** The cameras it records now. */
  cameraIds: readonly string[];
}>;

/** A key lives three beats: one or two late beats (a busy event loop) do not make a recorder go offline. */
export const recorderHeartbeatTtlMs = (intervalMs: number): number => intervalMs * 3;

/** The value as read back, or undefined when it is not one (an older or foreign writer). */
export const parseRecorderHeartbeat = (raw: string | null | undefined): RecorderHeartbeat | undefined => {
  if (raw === null || raw === undefined) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { recorderId, at, startedAt, cameraIds } = value as Record<string, unknown>;
  if (
    typeof recorderId !== 'string' ||
    typeof at !== 'number' ||
    typeof startedAt !== 'number' ||
    !Array.isArray(cameraIds) ||
    !cameraIds.every((id) => typeof id === 'string')
  ) {
    return undefined;
  }
  return { recorderId, at, startedAt, cameraIds };
};
