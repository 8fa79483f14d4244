import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class CameraScopeDto {
  @ApiProperty({ enum: ['all', 'camera', 'group'] })
  @IsIn(['all', 'camera', 'group'])
  kind!: 'all' | 'camera' | 'group';

  @ApiPropertyOptional()
  @ValidateIf((scope: CameraScopeDto) => scope.kind === 'camera')
  @IsString()
  @Length(1, 100)
  cameraId?: string;

  @ApiPropertyOptional()
  @ValidateIf((scope: CameraScopeDto) => scope.kind === 'group')
  @IsString()
  @Length(1, 100)
  groupId?: string;
}

export class CameraGrantDto {
  @ApiProperty({ type: CameraScopeDto })
  @ValidateNested()
  @Type(() => CameraScopeDto)
  scope!: CameraScopeDto;

  @ApiProperty({ example: { viewLive: 'allow', ptz: 'deny' }, description: 'camera permission → allow | deny' })
  @IsObject()
  permissions!: Record<string, string>;

  @ApiPropertyOptional({ minimum: 1, maximum: 32000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(32_000)
  ptzPriority?: number;
}

export class AlarmDefinitionScopeDto {
  @ApiProperty({ enum: ['all', 'definition'] })
  @IsIn(['all', 'definition'])
  kind!: 'all' | 'definition';

  @ApiPropertyOptional({ description: 'the alarm definition, when kind is definition' })
  @ValidateIf((scope: AlarmDefinitionScopeDto) => scope.kind === 'definition')
  @IsString()
  @Length(1, 100)
  alarmDefinitionId?: string;
}

export class AlarmDefinitionGrantDto {
  @ApiProperty({ type: AlarmDefinitionScopeDto })
  @ValidateNested()
  @Type(() => AlarmDefinitionScopeDto)
  scope!: AlarmDefinitionScopeDto;

  @ApiProperty({
    example: { view: 'allow', write: 'deny' },
    description: 'view | write (enables view) | fullControl | manageSecurity → allow | deny',
  })
  @IsObject()
  permissions!: Record<string, string>;
}

export class RoleRequest {
  @ApiProperty({ example: 'Night shift' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: 'Operators of the night shift' })
  @IsString()
  @Length(0, 1_000)
  description!: string;

  @ApiProperty({
    example: { 'alarms.view': 'allow', 'alarms.manage': 'allow' },
    description: 'permission → allow | deny',
  })
  @IsObject()
  grants!: Record<string, string>;

  @ApiPropertyOptional({ description: 'users of this role may log in only within this time profile' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  loginTimeProfileId?: string;

  @ApiProperty({ type: [CameraGrantDto] })
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => CameraGrantDto)
  cameraGrants!: CameraGrantDto[];

  @ApiPropertyOptional({
    type: [AlarmDefinitionGrantDto],
    description:
      'rights on alarm definitions (FEATURES 5.3.6); when absent, View and Write on every definition (as roles had ' +
      'before per-definition rights)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => AlarmDefinitionGrantDto)
  alarmDefinitionGrants?: AlarmDefinitionGrantDto[];
}
