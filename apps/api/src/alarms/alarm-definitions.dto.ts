import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import type { AlarmDefinition } from '@vigil/domain';

const allCameras = { kind: 'all', deviceKinds: ['cameras'] };

/** "Operator action required": the time limit and the user-defined events triggered when it has passed. */
export class AlarmOperatorActionRequest {
  @ApiPropertyOptional({ default: 60, description: 'seconds (default 1 minute)' })
  @IsOptional()
  @IsInt()
  timeLimitSeconds?: number;

  @ApiPropertyOptional({ description: 'user-defined event ids; the time limit is not active without one' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  eventsTriggered?: string[];
}

/**
 * An alarm definition as the API takes it (the id comes from the URL or is new). Types are checked here; the
 * definition itself (event selections, references, up to 15 related cameras, priority and category levels) by the
 * domain, which answers 422 ALARM_DEFINITION_INVALID listing every problem. Event selections have the shape of a
 * rule's: `{ eventType, eventId?, sources }`.
 */
export class AlarmDefinitionRequest {
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ example: 'Door forced' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ default: '', example: 'Check the door cameras and call the guard.' })
  @IsOptional()
  @IsString()
  instructions?: string;

  @ApiProperty({ example: { eventType: 'MotionStarted', sources: allCameras } })
  @IsObject()
  triggeringEvent!: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      "{ kind: 'timeProfile', timeProfileId } (default: the built-in Always) or { kind: 'eventBased', start, stop }",
    example: { kind: 'timeProfile', timeProfileId: 'always' },
  })
  @IsOptional()
  @IsObject()
  activation?: Record<string, unknown>;

  @ApiPropertyOptional({ type: AlarmOperatorActionRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => AlarmOperatorActionRequest)
  operatorAction?: AlarmOperatorActionRequest;

  @ApiPropertyOptional({ description: 'up to 15 camera ids', example: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  relatedCameraIds?: string[];

  @ApiPropertyOptional({ description: 'a user id' })
  @IsOptional()
  @IsString()
  initialOwnerId?: string;

  @ApiPropertyOptional({ default: 1, description: 'a priority level of the alarm data settings' })
  @IsOptional()
  @IsInt()
  initialPriority?: number;

  @ApiPropertyOptional({ description: 'a category level of the alarm data settings' })
  @IsOptional()
  @IsInt()
  categoryLevel?: number;

  @ApiPropertyOptional({ description: 'user-defined event ids the operator can trigger from the alarm', example: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  eventsTriggeredByAlarm?: string[];

  @ApiPropertyOptional({ description: 'the event that closes the alarm automatically' })
  @IsOptional()
  @IsObject()
  autoCloseOn?: Record<string, unknown>;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  assignableToAdministrators?: boolean;
}

export type AlarmDefinitionView = Readonly<{
  definition: AlarmDefinition;
  version: number;
  createdAt: string;
  updatedAt: string;
}>;

export type AlarmDefinitionValidation = Readonly<{
  alarmDefinitionId: string;
  name: string;
  problems: readonly string[];
}>;
