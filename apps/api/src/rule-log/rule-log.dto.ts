import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { LogQuery } from '../http/log-query.dto';
import type { RuleLogEntryMade } from '@vigil/domain';

type SourceType = RuleLogEntryMade['data']['sourceType'];
export const RULE_LOG_SOURCE_TYPES = ['device', 'external', 'time'] as const satisfies readonly SourceType[];

export class RuleLogQuery extends LogQuery {
  @ApiPropertyOptional({ description: 'entries written by this rule' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  ruleId?: string;

  @ApiPropertyOptional({ description: 'entries about this source (a device id, a rule name, or External)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  sourceName?: string;

  @ApiPropertyOptional({ enum: RULE_LOG_SOURCE_TYPES })
  @IsOptional()
  @IsIn(RULE_LOG_SOURCE_TYPES)
  sourceType?: SourceType;

  @ApiPropertyOptional({ description: 'the type of the event that made the rule fire, for example MotionStarted' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  eventType?: string;

  @ApiPropertyOptional({ description: 'the category the entry was written with' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  category?: string;
}

/** One entry of the rule-triggered log, with the fields FEATURES 11.5 names. */
export type RuleLogRow = Readonly<{
  entryId: string;
  /** When the triggering event occurred (ISO 8601, UTC): shown in the viewer's local time. */
  at: string;
  message: string;
  category: string;
  sourceType: string;
  sourceName: string;
  eventType: string;
  ruleId: string;
  ruleName: string;
  serviceName: string;
  triggeringEventId: string;
}>;
