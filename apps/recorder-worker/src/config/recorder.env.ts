import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { WorkerEnv } from '@vigil/infrastructure';

export class RecorderEnv extends WorkerEnv {
  override HEALTH_PORT = 3002;

  /** This recording server's id: it consumes the queue `recorder-<RECORDER_ID>`. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be lowercase letters, digits and -, at most 63' })
  RECORDER_ID = 'recorder-1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  RECORDER_CONCURRENCY = 4;
}
