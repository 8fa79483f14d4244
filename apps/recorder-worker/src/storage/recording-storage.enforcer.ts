import { Logger } from '@nestjs/common';
import {
  planStorageEnforcement,
  recordingStream,
  type EventStore,
  type RecordingMediaDeleted,
  type StoragePlan,
  type StoragePolicy,
} from '@vigil/domain';
import { deterministicUuid } from '@vigil/infrastructure';
import { deleteRecordingSegments, scanRecordingStorage, type StoredSegmentFile } from '@vigil/media';
import type { RecordingService } from '../recording/recording.service';

export type RecordingStorageLimits = Readonly<{
  retentionMs: number;
  maxBytes?: number;
  minFreeBytes: number;
}>;

/**
 * While recording is stopped for lack of storage, it resumes only once this much more than the limits is free: a
 * few seconds of video (ten of the largest segments, at least 64 KiB), so that it does not stop again at once.
 */
const resumeHeadroomBytes = (largestSegmentBytes: number): number => Math.max(64 * 1_024, 10 * largestSegmentBytes);

/**
 * Enforces the recording storage's limits (FEATURES 6.3): scans the storage, lets the pure plan choose what goes
 * (libs/domain: retention, maximum size, free-space reserve; never a recording in progress nor the pre-buffer),
 * appends RecordingMediaDeleted to each recording's camera stream and then deletes the files, and stops or resumes
 * recording when the storage is full or has room again. Runs are serialised; a run replayed after a crash appends
 * the same events (ids derived from what they say) and deletes nothing twice.
 */
export class RecordingStorageEnforcer {
  private readonly logger = new Logger(RecordingStorageEnforcer.name);
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly limits: RecordingStorageLimits,
    private readonly recordings: RecordingService,
    private readonly store: EventStore,
    private readonly now: () => number = Date.now,
  ) {}

  enforce(): Promise<StoragePlan<StoredSegmentFile>> {
    const run = this.running.then(() => this.run(this.now()));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async run(now: number): Promise<StoragePlan<StoredSegmentFile>> {
    const scan = scanRecordingStorage(this.recordings.storageDirectory);
    const live = this.recordings.liveRecordings();
    const stopped = this.recordings.storageFullCameras().length > 0;
    const largest = Math.max(0, ...scan.folders.flatMap((folder) => folder.segments.map((segment) => segment.bytes)));
    const plan = planStorageEnforcement(
      scan.folders.map((folder) => ({
        cameraId: folder.cameraId,
        recordingId: folder.recordingId,
        live: live.has(`${folder.cameraId}/${folder.recordingId}`),
        segments: folder.segments,
      })),
      scan,
      this.policy(stopped ? resumeHeadroomBytes(largest) : 0),
      now,
    );
    const directories = new Map(scan.folders.map((folder) => [`${folder.cameraId}/${folder.recordingId}`, folder]));
    for (const deletion of plan.deletions) {
      const event: RecordingMediaDeleted = {
        type: 'RecordingMediaDeleted',
        data: {
          cameraId: deletion.cameraId,
          recordingId: deletion.recordingId,
          through: deletion.through,
          whole: deletion.whole,
          reason: deletion.reason,
          bytes: deletion.bytes,
          at: now,
        },
      };
      // Told first, deleted after: a crash in between leaves media the store already calls gone, which the next
      // run deletes (and tells again under the same id), never media gone without a word.
      const key = `${event.type}|${deletion.cameraId}|${deletion.recordingId}|${deletion.reason}|${deletion.through}`;
      await this.store.append(
        recordingStream(deletion.cameraId),
        [{ id: deterministicUuid(key), type: event.type, data: event.data, metadata: {} }],
        'any',
      );
      deleteRecordingSegments(
        directories.get(`${deletion.cameraId}/${deletion.recordingId}`)!.directory,
        deletion.segments,
        deletion.whole,
      );
    }
    if (plan.deletions.length > 0) {
      const bytes = plan.deletions.reduce((sum, deletion) => sum + deletion.bytes, 0);
      this.logger.log(`deleted ${bytes} bytes from ${plan.deletions.length} recordings`);
    }
    if (plan.full !== undefined) {
      await this.recordings.storageFull(plan.full);
    } else if (stopped) {
      await this.recordings.storageAvailable();
    }
    return plan;
  }

  private policy(headroom: number): StoragePolicy {
    const { retentionMs, maxBytes, minFreeBytes } = this.limits;
    return {
      retentionMs,
      minFreeBytes: minFreeBytes + headroom,
      ...(maxBytes === undefined ? {} : { maxBytes: Math.max(0, maxBytes - headroom) }),
    };
  }
}
