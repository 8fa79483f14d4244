import type { EpochMs } from '../access/access.types';
import type { RecordingMediaDeletionReason, RecordingStorageFullReason } from './storage.events';

/**
 * A recording storage's limits (FEATURES 6.3.2, 6.3.6): media older than `retentionMs` goes; beyond `maxBytes` the
 * oldest media goes until the storage is back under it; and the oldest media goes while the disk has less than
 * `minFreeBytes` free (Milestone keeps 250 MB free, or writes stop).
 */
export type StoragePolicy = Readonly<{ retentionMs: number; maxBytes?: number; minFreeBytes: number }>;

/** What the storage holds now: `usedBytes` counts everything under its path (pre-buffer included). */
export type StorageUsage = Readonly<{ usedBytes: number; freeBytes: number }>;

/**
 * One recorded segment: its size, and `shared` when another link to its file (the pre-buffer's, another
 * recording's) keeps it on disk, so that deleting it from this recording frees nothing now.
 */
export type StoredSegment = Readonly<{ start: EpochMs; end: EpochMs; bytes: number; shared?: boolean }>;

/** A recording folder; `live`: in progress (being written or not yet closed), never deleted from. */
export type StoredRecording<S extends StoredSegment = StoredSegment> = Readonly<{
  cameraId: string;
  recordingId: string;
  live: boolean;
  segments: readonly S[];
}>;

/**
 * The oldest segments of one recording that go for one reason; every segment before `through` is gone. `bytes`:
 * their size.
 */
export type MediaDeletion<S extends StoredSegment = StoredSegment> = Readonly<{
  cameraId: string;
  recordingId: string;
  reason: RecordingMediaDeletionReason;
  segments: readonly S[];
  through: EpochMs;
  whole: boolean;
  bytes: number;
}>;

/**
 * The deletions in the order to make them (oldest media first), and, when even deleting all that may be deleted
 * leaves the storage over its maximum size or under its free space, why it is full: recording must stop.
 */
export type StoragePlan<S extends StoredSegment = StoredSegment> = Readonly<{
  deletions: readonly MediaDeletion<S>[];
  full?: RecordingStorageFullReason;
}>;

type Candidate<S extends StoredSegment> = Readonly<{ recording: StoredRecording<S>; segment: S; index: number }>;

const byAge = <S extends StoredSegment>(a: Candidate<S>, b: Candidate<S>): number =>
  a.segment.start - b.segment.start ||
  a.recording.cameraId.localeCompare(b.recording.cameraId) ||
  a.recording.recordingId.localeCompare(b.recording.recordingId);

/**
 * Which media goes at `now` (pure: time is an input). Only finished recordings are candidates, and each loses its
 * oldest segments first, so what is left of a recording is always one unbroken tail:
 * 1. every segment that ended at least the retention time ago (`retention`);
 * 2. then, oldest first across all cameras, until the storage is at most `maxBytes` (`max-size`) and the disk has
 *    `minFreeBytes` free (`disk-full`).
 * A recording in progress is left whole, and so is the pre-buffer (not a recording: it is only counted in usage).
 */
export const planStorageEnforcement = <S extends StoredSegment>(
  recordings: readonly StoredRecording<S>[],
  usage: StorageUsage,
  policy: StoragePolicy,
  now: EpochMs,
): StoragePlan<S> => {
  const candidates = recordings
    .filter((recording) => !recording.live)
    .flatMap((recording) =>
      [...recording.segments]
        .sort((a, b) => a.start - b.start)
        .map((segment, index): Candidate<S> => ({ recording, segment, index })),
    )
    .sort(byAge);
  const horizon = now - policy.retentionMs;
  const chosen: { candidate: Candidate<S>; reason: RecordingMediaDeletionReason }[] = [];
  let used = usage.usedBytes;
  let free = usage.freeBytes;
  const overMax = (): boolean => policy.maxBytes !== undefined && used > policy.maxBytes;
  const underFree = (): boolean => free < policy.minFreeBytes;
  for (const candidate of candidates) {
    const reason: RecordingMediaDeletionReason | undefined =
      candidate.segment.end <= horizon ? 'retention' : overMax() ? 'max-size' : underFree() ? 'disk-full' : undefined;
    if (reason === undefined) {
      continue; // younger than the retention time and the storage has room: this one, and every younger one, stays
    }
    chosen.push({ candidate, reason });
    const freed = candidate.segment.shared === true ? 0 : candidate.segment.bytes;
    used -= freed;
    free += freed;
  }
  const full: RecordingStorageFullReason | undefined = overMax() ? 'max-size' : underFree() ? 'disk-full' : undefined;
  return { deletions: groupDeletions(chosen), ...(full === undefined ? {} : { full }) };
};

/** One deletion per recording and reason, in the order the segments were chosen. */
const groupDeletions = <S extends StoredSegment>(
  chosen: readonly { candidate: Candidate<S>; reason: RecordingMediaDeletionReason }[],
): MediaDeletion<S>[] => {
  const groups = new Map<
    string,
    { recording: StoredRecording<S>; reason: RecordingMediaDeletionReason; items: Candidate<S>[] }
  >();
  for (const { candidate, reason } of chosen) {
    const key = `${candidate.recording.cameraId}/${candidate.recording.recordingId}/${reason}`;
    const group = groups.get(key) ?? { recording: candidate.recording, reason, items: [] };
    group.items.push(candidate);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ recording, reason, items }) => {
    const last = items.reduce((latest, item) => (item.index > latest.index ? item : latest));
    return {
      cameraId: recording.cameraId,
      recordingId: recording.recordingId,
      reason,
      segments: items.map((item) => item.segment),
      through: last.segment.end,
      whole: last.index === recording.segments.length - 1,
      bytes: items.reduce((sum, item) => sum + item.segment.bytes, 0),
    };
  });
};
