import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordingGapReason } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { RecordingsProjection } from './recordings.projection';

export type RecordingRow = Readonly<{
  recordingId: string;
  cameraId: string;
  recorderId: string | null;
  /** The folder the worker reported; null for recordings of workers that did not report it. */
  directory: string | null;
  state: 'recording' | 'completed';
  from: number;
  to: number | null;
  triggeredAt: number;
  media: Readonly<{ from: number; to: number; segments: number }> | null;
  sessionIds: readonly string[];
  startedAt: number;
  stoppedAt: number | null;
  gaps: readonly Readonly<{ from: number; to: number; reason: RecordingGapReason }>[];
}>;

type Row = {
  recording_id: string;
  camera_id: string;
  recorder_id: string | null;
  directory: string | null;
  state: 'recording' | 'completed';
  from_at: Date;
  to_at: Date | null;
  triggered_at: Date;
  media_from: Date | null;
  media_to: Date | null;
  segments: number | null;
  session_ids: string[];
  started_at: Date;
  stopped_at: Date | null;
  gaps: { from: string; to: string; reason: RecordingGapReason }[];
};

const toRow = (row: Row): RecordingRow => ({
  recordingId: row.recording_id,
  cameraId: row.camera_id,
  recorderId: row.recorder_id,
  directory: row.directory,
  state: row.state,
  from: row.from_at.getTime(),
  to: row.to_at?.getTime() ?? null,
  triggeredAt: row.triggered_at.getTime(),
  media:
    row.media_from === null || row.media_to === null
      ? null
      : { from: row.media_from.getTime(), to: row.media_to.getTime(), segments: row.segments ?? 0 },
  sessionIds: row.session_ids,
  startedAt: row.started_at.getTime(),
  stoppedAt: row.stopped_at?.getTime() ?? null,
  gaps: row.gaps.map((gap) => ({ from: Date.parse(gap.from), to: Date.parse(gap.to), reason: gap.reason })),
});

/**
 * A recording's span: from the earlier of its first kept instant and its first frame, to the later of its stop and
 * its last frame; a recording still running reaches into the future. Written as SQL once, for list and playback.
 */
const OVERLAPS = `r.camera_id = $1
  AND LEAST(r.from_at, r.media_from) < $3
  AND (r.state = 'recording' OR GREATEST(r.to_at, r.media_to) > $2)`;

const SELECT = `SELECT r.*,
    COALESCE((SELECT json_agg(json_build_object('from', g.from_at, 'to', g.to_at, 'reason', g.reason)
                              ORDER BY g.from_at)
              FROM recordings.recording_gaps g WHERE g.recording_id = r.recording_id), '[]') AS gaps
  FROM recordings.recordings r`;

const invalidCursor = (): BadRequestException =>
  new BadRequestException({ code: 'CURSOR_INVALID', message: 'the cursor is not one this list gave' });

/** The position after a row, in the list's order (start, then id), as an opaque string. */
const encodeCursor = (row: RecordingRow): string =>
  Buffer.from(JSON.stringify([row.from, row.recordingId]), 'utf8').toString('base64url');

const decodeCursor = (cursor: string): [number, string] => {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    typeof decoded[0] !== 'number' ||
    !Number.isSafeInteger(decoded[0]) ||
    typeof decoded[1] !== 'string'
  ) {
    throw invalidCursor();
  }
  return [decoded[0], decoded[1]];
};

/** recordings.recordings and its gaps, kept up to date in this process, and their queries. */
@Injectable()
export class RecordingsReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new RecordingsProjection(), eventStore, pool);
  }

  /** One page of a camera's recordings overlapping [from, to), oldest first, and the cursor of the next. */
  async page(
    cameraId: string,
    range: Readonly<{ from: number; to: number }>,
    limit: number,
    cursor?: string,
  ): Promise<{ rows: RecordingRow[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const { rows } = await this.pool.query<Row>(
      `${SELECT}
       WHERE ${OVERLAPS}
         AND ($4::timestamptz IS NULL OR (r.from_at, r.recording_id) > ($4::timestamptz, $5::text))
       ORDER BY r.from_at, r.recording_id
       LIMIT $6`,
      [
        cameraId,
        new Date(range.from),
        new Date(range.to),
        after === undefined ? null : new Date(after[0]),
        after?.[1] ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit).map(toRow);
    const last = page.at(-1);
    return rows.length > limit && last !== undefined ? { rows: page, nextCursor: encodeCursor(last) } : { rows: page };
  }

  /** Every recording of the camera overlapping [from, to), in time order: what a playback reads. */
  async overlapping(cameraId: string, from: number, to: number): Promise<RecordingRow[]> {
    const { rows } = await this.pool.query<Row>(`${SELECT} WHERE ${OVERLAPS} ORDER BY r.from_at, r.recording_id`, [
      cameraId,
      new Date(from),
      new Date(to),
    ]);
    return rows.map(toRow);
  }
}
