import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { CommonEnv, PORT_RANGE } from './common.env';

/** What the background apps (rule engine, recorder worker) add: a health port and a BullMQ key prefix. */
export class WorkerEnv extends CommonEnv {
  @Type(() => Number)
  @IsInt()
  @Min(PORT_RANGE.min)
  @Max(PORT_RANGE.max)
  HEALTH_PORT = 3001;

  /** Prefix of every BullMQ key in Redis; tests use one per file. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, _ or -' })
  QUEUE_PREFIX = 'vigil';
}
