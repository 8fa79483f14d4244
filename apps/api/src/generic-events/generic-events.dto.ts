import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  GENERIC_EVENT_ECHO_TYPES,
  GENERIC_EVENT_ENCODINGS,
  GENERIC_EVENT_EXPRESSION_TYPES,
  GENERIC_EVENT_IP_VERSIONS,
  GENERIC_EVENT_PROTOCOLS,
  type GenericEventEchoType,
  type GenericEventEncoding,
  type GenericEventExpressionType,
  type GenericEventIpVersion,
  type GenericEventProtocol,
} from '@vigil/domain';

export class GenericEventRequest {
  @ApiProperty({ example: 'Door 53 forced' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ default: true })
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({ example: '(User001 OR Door053) AND Sunday' })
  @IsString()
  @Length(1, 1_000)
  expression!: string;

  @ApiProperty({ enum: GENERIC_EVENT_EXPRESSION_TYPES })
  @IsIn(GENERIC_EVENT_EXPRESSION_TYPES)
  expressionType!: GenericEventExpressionType;

  @ApiProperty({ minimum: 0, maximum: 999999, description: '0 is the highest priority' })
  @IsInt()
  @Min(0)
  @Max(999_999)
  priority!: number;

  @ApiPropertyOptional({ description: 'only packets from these data sources (default: all)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  dataSourceIds?: string[];
}

export class ExpressionTestRequest {
  @ApiProperty({ example: 'User001 OR Door053' })
  @IsString()
  @Length(1, 1_000)
  expression!: string;

  @ApiProperty({ enum: GENERIC_EVENT_EXPRESSION_TYPES })
  @IsIn(GENERIC_EVENT_EXPRESSION_TYPES)
  expressionType!: GenericEventExpressionType;

  @ApiProperty({ example: 'Door053 opened by User001' })
  @IsString()
  @Length(0, 65_536)
  packet!: string;
}

/** A packet from an integration that speaks HTTP rather than TCP/UDP. */
export class GenericPacketRequest {
  @ApiProperty({ example: 'Door053 forced' })
  @IsString()
  @Length(1, 65_536)
  packet!: string;

  @ApiPropertyOptional({
    default: 'http',
    description: 'the data source it counts as, for definitions limited to some',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/)
  dataSourceId?: string;
}

export class DataSourceRequest {
  @ApiProperty({ example: 'Compatible' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty()
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({ example: 1234 })
  @IsInt()
  @Min(1)
  @Max(65_535)
  port!: number;

  @ApiProperty({ enum: GENERIC_EVENT_PROTOCOLS })
  @IsIn(GENERIC_EVENT_PROTOCOLS)
  protocol!: GenericEventProtocol;

  @ApiProperty({ enum: GENERIC_EVENT_IP_VERSIONS })
  @IsIn(GENERIC_EVENT_IP_VERSIONS)
  ipVersion!: GenericEventIpVersion;

  @ApiProperty({ example: [13, 10], description: 'separator bytes; empty: each read or datagram is a packet' })
  @IsArray()
  @ArrayMaxSize(16)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(255, { each: true })
  separatorBytes!: number[];

  @ApiProperty({ enum: GENERIC_EVENT_ECHO_TYPES })
  @IsIn(GENERIC_EVENT_ECHO_TYPES)
  echo!: GenericEventEchoType;

  @ApiProperty({ enum: GENERIC_EVENT_ENCODINGS })
  @IsIn(GENERIC_EVENT_ENCODINGS)
  encoding!: GenericEventEncoding;

  @ApiProperty({ example: ['127.0.0.1', '10.0.0.0/8', '!10.0.0.13'] })
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  allowedAddresses!: string[];
}
