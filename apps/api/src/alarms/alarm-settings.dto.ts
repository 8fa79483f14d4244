import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { AlarmCategory, AlarmClosingReasons, AlarmPriority, AlarmRetention } from '@vigil/domain';

/**
 * The alarm data settings as the API takes them, one section per request. Types are checked here; the values
 * (levels, names, reserved levels, reasons) by the domain, which answers 422 ALARM_SETTINGS_INVALID listing every
 * problem.
 */
export class AlarmPriorityRequest {
  @ApiProperty({ example: 1 })
  @IsInt()
  level!: number;

  @ApiProperty({ example: 'High' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ description: 'the name of a sound; none plays nothing', example: 'Alarm01' })
  @IsOptional()
  @IsString()
  sound?: string;

  @ApiPropertyOptional({ default: false, description: 'repeat until the operator clicks the alarm' })
  @IsOptional()
  @IsBoolean()
  repeatSound?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  desktopNotifications?: boolean;
}

export class AlarmPrioritiesRequest {
  @ApiProperty({ type: [AlarmPriorityRequest] })
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => AlarmPriorityRequest)
  priorities!: AlarmPriorityRequest[];
}

export class AlarmLevelRequest {
  @ApiProperty({ example: 20 })
  @IsInt()
  level!: number;

  @ApiProperty({ example: 'Assigned' })
  @IsString()
  name!: string;
}

export class AlarmStatesRequest {
  @ApiProperty({
    type: [AlarmLevelRequest],
    description: 'the custom states; the built-in 1, 4, 9 and 11 may be included unchanged (they are then ignored)',
  })
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => AlarmLevelRequest)
  states!: AlarmLevelRequest[];
}

export class AlarmCategoriesRequest {
  @ApiProperty({ type: [AlarmLevelRequest], description: 'level 99 is reserved' })
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => AlarmLevelRequest)
  categories!: AlarmLevelRequest[];
}

export class AlarmClosingReasonsRequest {
  @ApiProperty({ description: 'when true, an alarm is closed only with one of the reasons' })
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({ example: ['Solved-Trespasser', 'False Alarm'] })
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  reasons!: string[];
}

export class AlarmRetentionRequest {
  @ApiProperty({ description: 'days closed alarms are kept (0: deleted once closed)', example: 1 })
  @IsInt()
  closedAlarmsDays!: number;

  @ApiProperty({ description: 'days New, In progress and On hold alarms are kept (0: not stored)', example: 30 })
  @IsInt()
  openAlarmsDays!: number;
}

export type AlarmStateView = Readonly<{ level: number; name: string; builtIn: boolean }>;

export type AlarmSettingsView = Readonly<{
  priorities: readonly AlarmPriority[];
  /** Every state, the built-in ones (1 New, 4 In progress, 9 On hold, 11 Closed) included, by level. */
  states: readonly AlarmStateView[];
  categories: readonly AlarmCategory[];
  reasonsForClosing: AlarmClosingReasons;
  retention: AlarmRetention;
}>;
