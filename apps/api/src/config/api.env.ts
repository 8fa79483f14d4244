import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { CommonEnv, PORT_RANGE } from '@vigil/infrastructure';

export class ApiEnv extends CommonEnv {
  /** HTTP port of the REST API, OpenAPI docs and (later) the WebSocket endpoint. */
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
}
