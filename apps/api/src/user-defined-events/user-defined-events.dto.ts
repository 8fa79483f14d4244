import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length } from 'class-validator';

export class UserDefinedEventRequest {
  @ApiProperty({ example: 'Door forced open' })
  @IsString()
  @Length(1, 100)
  name!: string;
}

/** Optional metadata: the devices the event concerns (the rule target "the devices from metadata"). */
export class TriggerRequest {
  @ApiPropertyOptional({ example: ['camera-id'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  deviceIds?: string[];

  @ApiPropertyOptional({ example: ['group-id'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  deviceGroupIds?: string[];
}

export type TriggerResponse = Readonly<{ eventId: string; position: string }>;
