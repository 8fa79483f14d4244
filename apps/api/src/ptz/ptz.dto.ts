import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PTZ_CONTINUOUS_MOVE_MAX_MS } from '@vigil/domain';

export const PTZ_MOVE_MODES = ['continuous', 'relative'] as const;

/**
 * A move of the head in ONVIF's generic spaces. `continuous`: velocities (pan, tilt and zoom -1..1) until the next
 * command, `stop` or `timeoutMs`; `relative`: a translation (pan and tilt -2..2, zoom -1..1).
 */
export class PtzMoveRequest {
  @ApiProperty({ enum: PTZ_MOVE_MODES, example: 'continuous' })
  @IsIn(PTZ_MOVE_MODES)
  mode!: (typeof PTZ_MOVE_MODES)[number];

  @ApiProperty({ description: 'Pan', example: 0.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-2)
  @Max(2)
  x!: number;

  @ApiProperty({ description: 'Tilt', example: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-2)
  @Max(2)
  y!: number;

  @ApiProperty({ description: 'Zoom', example: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1)
  @Max(1)
  zoom!: number;

  @ApiPropertyOptional({
    description: `continuous: the head stops by itself after this long (default 1000, at most ${PTZ_CONTINUOUS_MOVE_MAX_MS})`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PTZ_CONTINUOUS_MOVE_MAX_MS)
  timeoutMs?: number;
}

export class PtzPresetRequest {
  @ApiProperty({ description: "The preset's token, as the camera's discovered presets list it", example: '2' })
  @IsString()
  @Length(1, 64)
  presetToken!: string;
}

/** The session the caller holds after a command (FEATURES 8.9: user, priority, timeout). */
export type PtzSessionView = Readonly<{
  sessionId: string;
  userId: string;
  priority: number;
  /** When it ends without another command (ISO 8601). */
  expiresAt: string;
}>;
