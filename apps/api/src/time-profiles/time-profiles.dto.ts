import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsISO8601, IsNumber, IsOptional, IsString, Length, ArrayMaxSize } from 'class-validator';

/**
 * A time profile as the API takes it (the id comes from the URL or is new). The shape of `entries` is checked by
 * the domain (timeProfileProblems), which reports every problem at once as 422 TIME_PROFILE_INVALID.
 */
export class TimeProfileRequest {
  @ApiProperty({ example: 'Office hours' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: 'Weekdays 08:00-17:00' })
  @IsString()
  @Length(0, 1_000)
  description!: string;

  @ApiProperty({ example: 'Europe/Copenhagen' })
  @IsString()
  @Length(1, 100)
  timeZone!: string;

  @ApiProperty({ enum: ['schedule', 'dayLength'] })
  @IsIn(['schedule', 'dayLength'])
  kind!: 'schedule' | 'dayLength';

  @ApiPropertyOptional({
    description: 'schedule: single and recurring periods',
    example: [
      {
        type: 'recurring',
        startTime: '08:00',
        endTime: '17:00',
        pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [1, 2, 3, 4, 5] },
        range: { startDate: '2026-01-01', end: { kind: 'never' } },
      },
    ],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  entries?: unknown[];

  @ApiPropertyOptional({ description: 'dayLength: degrees' })
  @IsOptional()
  @IsNumber()
  latitude?: number;

  @ApiPropertyOptional({ description: 'dayLength: degrees' })
  @IsOptional()
  @IsNumber()
  longitude?: number;

  @ApiPropertyOptional({ description: 'dayLength: minutes added to sunrise' })
  @IsOptional()
  @IsNumber()
  sunriseOffsetMinutes?: number;

  @ApiPropertyOptional({ description: 'dayLength: minutes added to sunset' })
  @IsOptional()
  @IsNumber()
  sunsetOffsetMinutes?: number;
}

export class EvaluateQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 instant; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export type Evaluation = Readonly<{
  at: string;
  within: boolean;
  nextTransition: { at: string; entering: boolean } | null;
}>;
