import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  MANUAL_RECORDING_AUTO_STOP_MAX_MINUTES,
  PRE_BUFFER_LOCATIONS,
  type CameraCapabilities,
  type DeviceGroup,
  type PreBufferLocation,
  type RecordingSettings,
} from '@vigil/domain';

export class AddCameraRequest {
  @ApiProperty({
    description: "The ONVIF device service: 'host', 'host:port' or its URL (path /onvif/device_service by default)",
    example: '192.168.1.64:80',
  })
  @IsString()
  @Length(1, 2_000)
  address!: string;

  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(0, 200)
  username!: string;

  @ApiProperty({ description: 'Stored encrypted; never returned', example: 'cam-Passw0rd' })
  @IsString()
  @Length(0, 200)
  password!: string;

  @ApiPropertyOptional({ description: 'Default: the name the camera gives itself, else its make and model' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class UpdateCameraRequest {
  @ApiPropertyOptional({ example: 'Lobby' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class PreBufferRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: PRE_BUFFER_LOCATIONS })
  @IsOptional()
  @IsIn(PRE_BUFFER_LOCATIONS)
  location?: PreBufferLocation;

  @ApiPropertyOptional({ description: '1-15 in memory, 1-3600 on disk', example: 3 })
  @IsOptional()
  @IsInt()
  seconds?: number;
}

/** "Stop manual recording after N minutes" (FEATURES 6.1.3): on, 5 minutes by default. */
export class ManualRecordingAutoStopRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ description: `1-${MANUAL_RECORDING_AUTO_STOP_MAX_MINUTES}`, example: 5 })
  @IsOptional()
  @IsInt()
  minutes?: number;
}

/** The fields given replace the current ones (FEATURES 6.1.1, 6.1.3, 6.1.6). */
export class RecordingSettingsRequest {
  @ApiPropertyOptional({ description: 'Recording on / off' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: PreBufferRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreBufferRequest)
  preBuffer?: PreBufferRequest;

  @ApiPropertyOptional({ type: ManualRecordingAutoStopRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => ManualRecordingAutoStopRequest)
  stopManualRecordingAfter?: ManualRecordingAutoStopRequest;
}

export class RecorderAssignmentRequest {
  @ApiProperty({ nullable: true, description: 'The recorder worker that records the camera; null for none' })
  @ValidateIf((request: RecorderAssignmentRequest) => request.recorderId !== null)
  @IsString()
  @Length(1, 63)
  recorderId!: string | null;
}

/** New credentials to use from now on (optional: the stored ones otherwise). */
export class RediscoverCameraRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 200)
  username?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 200)
  password?: string;
}

export class DeviceGroupRequest {
  @ApiProperty({ example: 'Entrance' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 1_000)
  description?: string;

  @ApiProperty({ description: 'Device ids: cameras, their inputs and outputs', type: [String] })
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  memberIds!: string[];
}

/** A camera as the API shows it: never its password, only that it has one. */
export type CameraView = Readonly<{
  cameraId: string;
  name: string;
  enabled: boolean;
  address: string;
  username: string;
  hasPassword: boolean;
  capabilities: CameraCapabilities;
  recording: RecordingSettings;
  recorderId: string | null;
  createdAt: string;
  updatedAt: string;
}>;

export type DeviceGroupView = DeviceGroup;
