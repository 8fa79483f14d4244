import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordingGapReason } from '@vigil/domain';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const RECORDING_LIST_LIMIT_DEFAULT = 100;
export const RECORDING_LIST_LIMIT_MAX = 500;

/** GET /api/cameras/:cameraId/recordings: the recordings overlapping a time range, oldest first, by cursor. */
export class RecordingListQuery {
  @ApiPropertyOptional({ description: 'ISO 8601, inclusive; default: the beginning' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive; default: no end' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ default: RECORDING_LIST_LIMIT_DEFAULT, maximum: RECORDING_LIST_LIMIT_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RECORDING_LIST_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: "the previous page's nextCursor (with the same from and to)" })
  @IsOptional()
  @IsString()
  @Length(1, 1_000)
  cursor?: string;
}

/** GET /api/cameras/:cameraId/playback and /export: the range [from, to) to play back, at most one hour. */
export class RecordingRangeQuery {
  @ApiProperty({ description: 'ISO 8601, inclusive: the MP4 starts at the keyframe at or before it' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ description: 'ISO 8601, exclusive: the MP4 ends there (or where the media ends)' })
  @IsISO8601({ strict: true })
  to!: string;
}

export type RecordingView = Readonly<{
  recordingId: string;
  cameraId: string;
  /** The recorder worker that recorded it; null for events of workers that did not report it. */
  recorderId: string | null;
  state: 'recording' | 'completed';
  /** The first instant kept (trigger − pre-buffer) and the last stop instant (null while recording). ISO 8601. */
  from: string;
  to: string | null;
  triggeredAt: string;
  /** What was written: first frame, end of the last segment, segment count; null while recording or when none. */
  media: Readonly<{ from: string; to: string; segments: number }> | null;
  gaps: readonly Readonly<{ from: string; to: string; reason: RecordingGapReason }>[];
  /** Every session (rule or manual) that held the recording. */
  sessionIds: readonly string[];
  startedAt: string;
  stoppedAt: string | null;
}>;

export type RecordingPage = Readonly<{ recordings: RecordingView[]; nextCursor?: string }>;
