import {
  RECORDING_STREAM_PREFIX,
  type RecordingGapDetected,
  type RecordingMediaDeleted,
  type RecordingStarted,
  type RecordingStopped,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

const STARTED: RecordingStarted['type'] = 'RecordingStarted';
const STOPPED: RecordingStopped['type'] = 'RecordingStopped';
const GAP: RecordingGapDetected['type'] = 'RecordingGapDetected';
const MEDIA_DELETED: RecordingMediaDeleted['type'] = 'RecordingMediaDeleted';

/**
 * The recordings index: RecordingStarted adds a recording (state `recording`), RecordingStopped completes it with the
 * media written and every session that held it, RecordingGapDetected adds a gap to each recording it fell into.
 * RecordingMediaDeleted (the storage's retention or size limit) removes a recording wholly deleted, or moves the start
 * of its media past what was deleted.
 * Every write is keyed (recording id; recording and event id for gaps), so a replayed event changes nothing, and a
 * RecordingStarted appended again after a stop (never, but cheap to guard) does not reopen the recording.
 */
export class RecordingsProjection implements Projection {
  readonly name = 'recordings'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [RECORDING_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      switch (stored.type) {
        case STARTED:
          await this.started(stored.data as RecordingStarted['data'], tx);
          break;
        case STOPPED:
          await this.stopped(stored.data as RecordingStopped['data'], tx);
          break;
        case GAP:
          await this.gap(stored.id, stored.data as RecordingGapDetected['data'], tx);
          break;
        case MEDIA_DELETED:
          await this.mediaDeleted(stored.data as RecordingMediaDeleted['data'], tx);
          break;
        default:
          // ManualRecordingStarted/Stopped: their sessions are listed by the recording they held
          break;
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE recordings.recordings, recordings.recording_gaps');
  }

  private async started(data: RecordingStarted['data'], tx: PoolClient): Promise<void> {
    await tx.query(
      `INSERT INTO recordings.recordings (recording_id, camera_id, recorder_id, directory, state, from_at, triggered_at,
         session_ids, started_at)
       VALUES ($1, $2, $3, $4, 'recording', $5, $6, $7, $8)
       ON CONFLICT (recording_id) DO NOTHING`,
      [
        data.recordingId,
        data.cameraId,
        data.recorderId ?? null,
        data.directory ?? null,
        new Date(data.from),
        new Date(data.triggeredAt),
        data.sessionIds,
        new Date(data.at),
      ],
    );
  }

  private async stopped(data: RecordingStopped['data'], tx: PoolClient): Promise<void> {
    const media = data.media;
    await tx.query(
      `UPDATE recordings.recordings
       SET state = 'completed', to_at = $2, session_ids = $3, stopped_at = $4, media_from = $5, media_to = $6,
           segments = $7
       WHERE recording_id = $1`,
      [
        data.recordingId,
        new Date(data.to),
        data.sessionIds,
        new Date(data.at),
        media === undefined ? null : new Date(media.from),
        media === undefined ? null : new Date(media.to),
        media?.segments ?? 0,
      ],
    );
  }

  private async gap(eventId: string, data: RecordingGapDetected['data'], tx: PoolClient): Promise<void> {
    if (data.recordingIds.length === 0) {
      return; // only the pre-buffer was affected
    }
    await tx.query(
      `INSERT INTO recordings.recording_gaps (recording_id, event_id, from_at, to_at, reason)
       SELECT recording_id, $2, $3, $4, $5 FROM unnest($1::text[]) AS recording_id
       ON CONFLICT (recording_id, event_id) DO NOTHING`,
      [data.recordingIds, eventId, new Date(data.from), new Date(data.to), data.reason],
    );
  }

  private async mediaDeleted(data: RecordingMediaDeleted['data'], tx: PoolClient): Promise<void> {
    if (data.whole) {
      await tx.query('DELETE FROM recordings.recording_gaps WHERE recording_id = $1', [data.recordingId]);
      await tx.query('DELETE FROM recordings.recordings WHERE recording_id = $1', [data.recordingId]);
      return;
    }
    const through = new Date(data.through);
    await tx.query(`UPDATE recordings.recordings SET media_from = GREATEST(media_from, $2) WHERE recording_id = $1`, [
      data.recordingId,
      through,
    ]);
    await tx.query('DELETE FROM recordings.recording_gaps WHERE recording_id = $1 AND to_at <= $2', [
      data.recordingId,
      through,
    ]);
  }
}
