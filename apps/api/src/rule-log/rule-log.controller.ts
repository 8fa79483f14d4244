import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PG_POOL } from '@vigil/infrastructure';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { RequirePermission } from '../auth/require-permission.decorator';
import { toCsv } from '../read-models/csv';
import { RuleLogQuery, type RuleLogRow } from './rule-log.dto';

const CSV_COLUMNS = [
  'entryId',
  'at',
  'message',
  'category',
  'sourceType',
  'sourceName',
  'eventType',
  'ruleName',
  'serviceName',
  'ruleId',
  'triggeringEventId',
] as const;

@ApiTags('logs')
@ApiBearerAuth()
@Controller('api/logs/rule-triggered')
export class RuleLogController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * The rule-triggered log (entries of `Make new <log entry>`), newest first, filtered by time range, rule, source,
   * event type and category; `format=csv` downloads the same filtered entries.
   */
  @RequirePermission('logs.readRuleTriggered')
  @Get()
  async list(
    @Query() query: RuleLogQuery,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<RuleLogRow[] | string> {
    const { rows } = await this.pool.query<{
      entry_id: string;
      at: Date;
      message: string;
      category: string;
      source_type: string;
      source_name: string;
      event_type: string;
      rule_id: string;
      rule_name: string;
      service_name: string;
      triggering_event_id: string;
    }>(
      `SELECT entry_id, at, message, category, source_type, source_name, event_type, rule_id, rule_name, service_name,
              triggering_event_id
       FROM logs.rule_log
       WHERE ($1::timestamptz IS NULL OR at >= $1)
         AND ($2::timestamptz IS NULL OR at < $2)
         AND ($3::text IS NULL OR rule_id = $3)
         AND ($4::text IS NULL OR source_name = $4)
         AND ($5::text IS NULL OR source_type = $5)
         AND ($6::text IS NULL OR event_type = $6)
         AND ($7::text IS NULL OR category = $7)
       ORDER BY at DESC, entry_id LIMIT $8`,
      [
        query.from ?? null,
        query.to ?? null,
        query.ruleId ?? null,
        query.sourceName ?? null,
        query.sourceType ?? null,
        query.eventType ?? null,
        query.category ?? null,
        query.limit ?? 100,
      ],
    );
    const entries: RuleLogRow[] = rows.map((row) => ({
      entryId: row.entry_id,
      at: row.at.toISOString(),
      message: row.message,
      category: row.category,
      sourceType: row.source_type,
      sourceName: row.source_name,
      eventType: row.event_type,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      serviceName: row.service_name,
      triggeringEventId: row.triggering_event_id,
    }));
    if (query.format === 'csv') {
      response.header('Content-Type', 'text/csv; charset=utf-8');
      response.header('Content-Disposition', 'attachment; filename="rule-triggered-log.csv"');
      return toCsv(CSV_COLUMNS, entries);
    }
    return entries;
  }
}
