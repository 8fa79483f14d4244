import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { LogQuery } from '../http/log-query.dto';
import { AUDIT_CATEGORIES, type AuditCategory } from '@vigil/domain';

export class AuditQuery extends LogQuery {
  @ApiPropertyOptional({ description: 'entries caused by, or about, this user id' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  userId?: string;

  @ApiPropertyOptional({ enum: AUDIT_CATEGORIES })
  @IsOptional()
  @IsIn(AUDIT_CATEGORIES)
  category?: AuditCategory;
}

export type AuditRow = Readonly<{
  eventId: string;
  at: string;
  category: string;
  action: string;
  actorId: string | null;
  targetId: string | null;
  address: string | null;
  permitted: boolean;
  details: Record<string, unknown>;
}>;
