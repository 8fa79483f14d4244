import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional } from 'class-validator';

/** POST /api/cameras/:cameraId/manual-recording (FEATURES 6.1.3). */
export class StartManualRecordingRequest {
  @ApiPropertyOptional({
    description:
      "Seconds until the recording stops by itself; at most the camera's 'Stop manual recording after' (default: that)",
    example: 120,
  })
  @IsOptional()
  @IsInt()
  durationSeconds?: number;
}
