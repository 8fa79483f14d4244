import type { RecorderSettings } from '@vigil/domain';

/** A recorder worker as the API shows it: what it registered with, and its state now. */
export type RecorderView = Readonly<{
  recorderId: string;
  settings: RecorderSettings;
  /** From its heartbeat in Redis now (not from the last stored transition, which lags by up to one check). */
  status: 'online' | 'offline';
  /** Its last heartbeat (ISO 8601), or null when it never beat. */
  lastSeenAt: string | null;
  /** When the running worker started (ISO 8601); null while offline. */
  startedAt: string | null;
  /** The last stored transition: RecordingServerResponding / NotResponding, and since when. */
  responding: Readonly<{ value: boolean; since: string }> | null;
  cameras: Readonly<{
    /** The cameras the registry assigns to it (with the unassigned ones for the default recorder). */
    assigned: readonly string[];
    /** The cameras it says it records, in its heartbeat. */
    recording: readonly string[];
  }>;
  /** Its BullMQ queue `recorder-<id>`. */
  queue: Readonly<{ waiting: number; active: number; delayed: number; failed: number; completed: number }>;
  registeredAt: string;
  updatedAt: string;
}>;
