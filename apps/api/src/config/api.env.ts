import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, MinLength, Max, Min } from 'class-validator';
import { CommonEnv, EnvBoolean, PORT_RANGE } from '@vigil/infrastructure';

export class ApiEnv extends CommonEnv {
  /** HTTP port of the REST API, the OpenAPI docs and the operators' alarm sockets (socket.io). */
  @Type(() => Number)
  @IsInt()
  @Min(PORT_RANGE.min)
  @Max(PORT_RANGE.max)
  PORT = 3000;

  /** Largest accepted JSON request body, in bytes (events are capped separately by MAX_EVENT_BYTES). */
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  @Max(16 * 1_048_576)
  HTTP_BODY_LIMIT_BYTES = 2 * 1_048_576;

  /** HMAC secret of access tokens (≥ 32 characters). Unset: one is generated at first start and kept in PostgreSQL. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  AUTH_JWT_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(3_600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** A session (refresh token) ends when unused for this long (idle expiry). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  SESSION_IDLE_MINUTES = 60;

  /** …and in any case this long after login. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90 * 24)
  SESSION_MAX_HOURS = 24;

  /** More than this many consecutive wrong passwords lock the account (Milesight: 6). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  LOCKOUT_MAX_FAILED = 6;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOCKOUT_MINUTES = 30;

  /** Requests per minute and source address to the authentication routes. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  AUTH_RATE_LIMIT_PER_MINUTE = 30;

  /** How often the sessions of operators' alarm sockets are checked (revoked, expired, user disabled), in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(300)
  ALARM_SOCKET_SESSION_CHECK_SECONDS = 5;

  /** Messages (commands) per second one alarm socket may send, with bursts of twice as many. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  ALARM_SOCKET_MESSAGES_PER_SECOND = 20;

  /** Audit log entries older than this are dropped from the log (the events stay in the event store). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_650)
  AUDIT_RETENTION_DAYS = 90;

  /** Password policy of basic users (FEATURES 9.2.3; Milestone's defaults). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(255)
  PASSWORD_MIN_LENGTH = 8;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(255)
  PASSWORD_REQUIRED_UNIQUE_CHARS = 1;

  @EnvBoolean()
  PASSWORD_REQUIRE_DIGIT = true;

  @EnvBoolean()
  PASSWORD_REQUIRE_LOWERCASE = true;

  @EnvBoolean()
  PASSWORD_REQUIRE_UPPERCASE = true;

  @EnvBoolean()
  PASSWORD_REQUIRE_NON_ALPHANUMERIC = true;

  /** Prefix of the API's own Redis keys (rate limits); processes of one installation share it. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, _ or -' })
  REDIS_KEY_PREFIX = 'vigil';

  /**
   * The recorders' RECORDINGS_DIR as this process sees it (a file system shared with the recorder workers): where a
   * recording is looked for when its RecordingStarted does not name its folder (events of older workers).
   */
  @IsString()
  @MinLength(1)
  RECORDINGS_DIR = '.data/recordings';

  /**
   * The rule engine's DEFAULT_RECORDER_ID: the recorder that records the cameras assigned to none, and so receives
   * their jobs (manual recording, PTZ commands) and counts them in the recorders status.
   */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a recorder id (lower-case letters, digits and -)' })
  DEFAULT_RECORDER_ID = 'recorder-1';

  /** How often the recorders' heartbeats are checked (one job for all API processes); a change appends an event. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  RECORDER_CHECK_SECONDS = 2;

  /** The Owner's password at first start; unset: a one-time password is printed once. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(255)
  VIGIL_OWNER_PASSWORD?: string;

  /** FEATURES 8.8: a manual PTZ session ends after this long without a command (default 15 s, S2:7206). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_600)
  PTZ_MANUAL_SESSION_TIMEOUT_SECONDS = 15;

  /** How long a manual PTZ request waits for the camera's recorder to run it (504 RECORDER_NOT_ANSWERING after). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  PTZ_COMMAND_WAIT_SECONDS = 15;
}
