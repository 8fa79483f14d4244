import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PG_POOL } from '@vigil/infrastructure';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { RequirePermission } from '../auth/require-permission.decorator';
import { toCsv } from '../read-models/csv';
import { AuditQuery, type AuditRow } from './audit.dto';

const CSV_COLUMNS = [
  'eventId',
  'at',
  'category',
  'action',
  'actorId',
  'targetId',
  'address',
  'permitted',
  'details',
] as const;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The audit log, newest first, filtered by user, category and time range; `format=csv` downloads it. */
  @RequirePermission('logs.readAudit')
  @Get()
  async list(
    @Query() query: AuditQuery,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuditRow[] | string> {
    const { rows } = await this.pool.query<{
      event_id: string;
      at: Date;
      category: string;
      action: string;
      actor_id: string | null;
      target_id: string | null;
      address: string | null;
      permitted: boolean;
      details: Record<string, unknown>;
    }>(
      `SELECT event_id, at, category, action, actor_id, target_id, address, permitted, details FROM access.audit_log
       WHERE ($1::text IS NULL OR actor_id = $1 OR target_id = $1)
         AND ($2::text IS NULL OR category = $2)
         AND ($3::timestamptz IS NULL OR at >= $3)
         AND ($4::timestamptz IS NULL OR at < $4)
       ORDER BY at DESC, event_id LIMIT $5`,
      [query.userId ?? null, query.category ?? null, query.from ?? null, query.to ?? null, query.limit ?? 100],
    );
    const entries: AuditRow[] = rows.map((row) => ({
      eventId: row.event_id,
      at: row.at.toISOString(),
      category: row.category,
      action: row.action,
      actorId: row.actor_id,
      targetId: row.target_id,
      address: row.address,
      permitted: row.permitted,
      details: row.details,
    }));
    if (query.format === 'csv') {
      response.header('Content-Type', 'text/csv; charset=utf-8');
      response.header('Content-Disposition', 'attachment; filename="audit-log.csv"');
      return toCsv(CSV_COLUMNS, entries);
    }
    return entries;
  }
}
