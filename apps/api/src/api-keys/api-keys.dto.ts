import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { PERMISSIONS, type Permission } from '@vigil/domain';

export class ApiKeyScopeDto {
  @ApiProperty({ enum: PERMISSIONS, example: 'genericEvents.trigger' })
  @IsIn(PERMISSIONS)
  permission!: Permission;

  @ApiPropertyOptional({ description: 'limits the permission to these resources (e.g. user-defined event ids)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  resourceIds?: string[];
}

export class CreateApiKeyRequest {
  @ApiProperty({ example: 'Access control system' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: [ApiKeyScopeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ApiKeyScopeDto)
  scopes!: ApiKeyScopeDto[];
}

export type ApiKeyView = Readonly<{
  keyId: string;
  name: string;
  scopes: readonly { permission: string; resourceIds?: readonly string[] }[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}>;
