import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { WorkerEnv } from '@vigil/infrastructure';

export class RecorderEnv extends WorkerEnv {
  override HEALTH_PORT = 3002;

  /** This recording server's id: it consumes the queue `recorder-<RECORDER_ID>`. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be lowercase letters, digits and -, at most 63' })
  RECORDER_ID = 'recorder-1';

  /** The rule engine's DEFAULT_RECORDER_ID: the recorder that also records the cameras assigned to none. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a recorder id (lower-case letters, digits and -)' })
  DEFAULT_RECORDER_ID = 'recorder-1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  RECORDER_CONCURRENCY = 4;

  /** The name the recorder registers with (shown in listings; need not be unique); default RECORDER_ID. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  RECORDER_NAME?: string;

  /** IANA zone of the recorder's local time (FEATURES 3.7); default the machine's. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  RECORDER_TIME_ZONE?: string;

  /** The most cameras this recorder records; more assigned to it are left out with a warning (Milesight: 128). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  RECORDER_MAX_CAMERAS = 128;

  /** How often the worker refreshes its heartbeat in Redis; it counts as not responding after three missed beats. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  RECORDER_HEARTBEAT_SECONDS = 2;

  /** The recording storage: `<RECORDINGS_DIR>/<cameraId>/<recordingId>/` (FEATURES 6.3). */
  @IsString()
  @MinLength(1)
  RECORDINGS_DIR = '.data/recordings';

  /**
   * The storage's retention time (FEATURES 6.3.2): recorded media older than this is deleted. 7 days by default
   * (S2:4072), 1 hour to 1 000 years.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8_760_000)
  RECORDINGS_RETENTION_HOURS = 168;

  /**
   * The storage's maximum size in MB (FEATURES 6.3.2, 6.3.5): beyond it the oldest recordings are deleted; when only
   * recordings in progress are left, recording stops until there is room. Unset: no limit but the disk's.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RECORDINGS_MAX_SIZE_MB?: number;

  /**
   * Free space the recording disk keeps, in MB (FEATURES 6.3.6: "250 MB must always stay free, or writes stop"):
   * below it the oldest recordings are deleted, and recording stops when nothing more may be deleted.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RECORDINGS_MIN_FREE_MB = 250;

  /** How often the storage limits are enforced (a BullMQ job scheduler on this recorder's queue). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  STORAGE_CHECK_SECONDS = 60;

  /** Where the pre-buffer rings live (`<PRE_BUFFER_DIR>/<cameraId>/`); default `<RECORDINGS_DIR>/.prebuffer`. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  PRE_BUFFER_DIR?: string;

  /** FEATURES 6.1.6: enabled, 3 seconds, in memory by default; memory is capped at 15 s. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600)
  PRE_BUFFER_SECONDS = 3;

  @IsIn(['memory', 'disk'])
  PRE_BUFFER_LOCATION: 'memory' | 'disk' = 'memory';

  /** FEATURES 2.2.5: how long a camera must stay unreachable before CommunicationError (no default in the seeds). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600)
  COMMUNICATION_ERROR_DEBOUNCE_SECONDS = 10;

  /** No new segment for this long: ffmpeg is restarted and the time is recorded as a gap. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(600)
  STREAM_STALL_SECONDS = 5;
}
