import type { AccessDomainEvent, EpochMs } from '../access/access.types';

// Event type names and fields are persisted: do not rename. All go to the camera's `recording-<cameraId>` stream.

/**
 * Why recorded media was deleted (FEATURES 6.3.2, 6.3.5, 6.3.6, 6.4.5): older than the storage's retention time,
 * beyond its maximum size (the oldest first), or to keep the minimum free space on the disk.
 */
export type RecordingMediaDeletionReason = 'retention' | 'max-size' | 'disk-full';

/**
 * The storage deleted the oldest media of a recording (Milestone: `Database Deleting Recordings Before Set
 * Retention Time/Size`): every segment that starts before `through` is gone; `whole` when nothing of the recording
 * is left. `bytes` is what the deleted files occupied. Segments are whole (keyframe to keyframe), so `through` is the
 * end of the last deleted segment. A recording in progress is never deleted from.
 */
export type RecordingMediaDeleted = AccessDomainEvent<
  'RecordingMediaDeleted',
  {
    cameraId: string;
    recordingId: string;
    through: EpochMs;
    whole: boolean;
    reason: RecordingMediaDeletionReason;
    bytes: number;
    at: EpochMs;
  }
>;

/**
 * Why a camera cannot record now: the disk has no room left (ENOSPC, or less free space than the worker keeps in
 * reserve), or the storage is at its maximum size with nothing more it may delete (FEATURES 6.4.5: "If there are no
 * more non-protected data to delete, the system stops recording").
 */
export type RecordingStorageFullReason = 'disk-full' | 'max-size';

/**
 * The camera's recording storage is full (Milestone: `Database Disk Full`, 6.3.9 `Database Storage Unavailable`):
 * the recording in progress, if any, was stopped (`recordingIds`, each with its RecordingStopped); sessions that
 * still hold the camera keep holding it and recording resumes, as a new recording, with
 * RecordingStorageAvailable. Live video, the pre-buffer and device events go on.
 */
export type RecordingStorageFull = AccessDomainEvent<
  'RecordingStorageFull',
  {
    cameraId: string;
    recorderId: string;
    reason: RecordingStorageFullReason;
    recordingIds: readonly string[];
    at: EpochMs;
  }
>;

/** Room again (Milestone: `Database Storage Available`): the sessions still holding the camera record again. */
export type RecordingStorageAvailable = AccessDomainEvent<
  'RecordingStorageAvailable',
  { cameraId: string; recorderId: string; since: EpochMs; at: EpochMs }
>;

export type RecordingStorageEvent = RecordingMediaDeleted | RecordingStorageFull | RecordingStorageAvailable;

export const RECORDING_STORAGE_EVENT_TYPES = [
  'RecordingMediaDeleted',
  'RecordingStorageFull',
  'RecordingStorageAvailable',
] as const satisfies readonly RecordingStorageEvent['type'][];
