import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsISO8601, IsObject, IsOptional, IsString, Length, ArrayMaxSize } from 'class-validator';

/**
 * A rule as the API takes it. Top-level shapes are checked here; the rule itself (trigger, conditions, actions,
 * stop criterion and stop actions, references) by the domain, which answers 422 RULE_INVALID listing every problem.
 */
export class RuleRequest {
  @ApiProperty({ example: 'Record the entrance on motion' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: '' })
  @IsString()
  @Length(0, 1_000)
  description!: string;

  @ApiProperty()
  @IsBoolean()
  active!: boolean;

  @ApiProperty({
    example: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'all', deviceKinds: ['camera'] } },
  })
  @IsObject()
  trigger!: Record<string, unknown>;

  @ApiProperty({ example: [] })
  @IsArray()
  @ArrayMaxSize(100)
  conditions!: unknown[];

  @ApiProperty({ example: [{ type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'eventDevice' } }] })
  @IsArray()
  @ArrayMaxSize(100)
  actions!: unknown[];

  @ApiPropertyOptional({ example: { criterion: { kind: 'afterSeconds', seconds: 30 }, actions: [] } })
  @IsOptional()
  @IsObject()
  stop?: Record<string, unknown>;
}

export class CopyRuleRequest {
  @ApiPropertyOptional({ description: 'the copy keeps the source name unless given one' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export type RuleView = Readonly<{
  rule: unknown;
  version: number;
  description: string;
}>;

export type RuleValidation = Readonly<{ ruleId: string; name: string; problems: readonly string[] }>;

export class SimulateRuleRequest {
  @ApiProperty({ description: 'start of the range (ISO 8601)', example: '2026-03-02T00:00:00Z' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ description: 'end of the range (ISO 8601), at most 31 days after from' })
  @IsISO8601({ strict: true })
  to!: string;
}
