import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

export const EVENT_STORE_KINDS = ['postgres', 'eventstoredb'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** What every Vigil app needs: PostgreSQL, Redis and the event store. Each app's env class extends it. */
export class CommonEnv {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vigil';

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsIn(EVENT_STORE_KINDS)
  EVENT_STORE: EventStoreKind = 'postgres';

  @ValidateIf((env: CommonEnv) => env.EVENT_STORE === 'eventstoredb')
  @Matches(/^(esdb|esdb\+discover|kurrentdb):\/\/\S+$/, { message: 'must be an esdb:// connection string' })
  EVENTSTORE_URL?: string;

  /** The largest event the store accepts, in bytes (default 1 MiB). */
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  @Max(64 * 1_048_576)
  MAX_EVENT_BYTES = 1_048_576;

  /** Prefix of every BullMQ key in Redis (the API reads job states for traces); tests use one per file. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, _ or -' })
  QUEUE_PREFIX = 'vigil';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /**
   * Key material (≥ 32 characters) from which the key that encrypts stored secrets (the SMTP password) is derived;
   * the API and the rule engine need the same value. Unset: one is generated at first start and kept in PostgreSQL.
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  VIGIL_SECRETS_KEY?: string;
}

/** A port to listen on. */
export const PORT_RANGE = { min: 1, max: 65_535 } as const;
