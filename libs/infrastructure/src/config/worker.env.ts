import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { CommonEnv, PORT_RANGE } from './common.env';

/** What the background apps (rule engine, recorder worker) add: a health port. */
export class WorkerEnv extends CommonEnv {
  @Type(() => Number)
  @IsInt()
  @Min(PORT_RANGE.min)
  @Max(PORT_RANGE.max)
  HEALTH_PORT = 3001;
}
