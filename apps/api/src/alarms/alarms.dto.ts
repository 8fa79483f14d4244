import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';

export const ALARM_LIST_SORTS = ['time', 'priority', 'state'] as const;
export type AlarmListSort = (typeof ALARM_LIST_SORTS)[number];
export const ALARM_LIST_LIMIT_DEFAULT = 50;
export const ALARM_LIST_LIMIT_MAX = 500;
/** At most this many alarms in one bulk request (inferred). */
export const ALARM_BULK_MAX = 100;

/** `a,b` or a repeated parameter (`?state=1&state=4`), as a list of texts. */
const list = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((item) =>
    typeof item === 'string' ? item.split(',').filter((part) => part !== '') : [item],
  );
/** The same, each entry a number when it reads as one (the validators then refuse the rest). */
const numbers = (params: { value: unknown }): unknown =>
  (list(params) as unknown[]).map((item) => (typeof item === 'string' && /^-?\d+$/.test(item) ? Number(item) : item));

/**
 * The alarm list's filters, sort and paging. Filters of one kind are alternatives (`state=1,4`: New or In progress);
 * different kinds all apply. Paging is by cursor: each page's `nextCursor` is passed as `cursor` to read the next one,
 * with the same filters and sort; alarms raised meanwhile do not shift the pages.
 */
export class AlarmListQuery {
  @ApiPropertyOptional({ description: 'state levels, e.g. 1,4 (1 New, 4 In progress, 9 On hold, 11 Closed, custom)' })
  @IsOptional()
  @Transform(numbers)
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  state?: number[];

  @ApiPropertyOptional({ description: 'false: only open alarms (any state but 11 Closed); true: only closed ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  closed?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'priority levels, e.g. 1,2' })
  @IsOptional()
  @Transform(numbers)
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  priority?: number[];

  @ApiPropertyOptional({ description: 'category levels' })
  @IsOptional()
  @Transform(numbers)
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  category?: number[];

  @ApiPropertyOptional({ description: 'source device ids' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  sourceDeviceId?: string[];

  @ApiPropertyOptional({ description: 'the owner (a user id)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  ownerId?: string;

  @ApiPropertyOptional({ description: 'the alarm definition that raised the alarms' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  alarmDefinitionId?: string;

  @ApiPropertyOptional({ description: 'raised at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'raised before (ISO 8601, exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    enum: ALARM_LIST_SORTS,
    default: 'time',
    description: 'by raising time, priority level or state level; ties by raising time, then alarm id',
  })
  @IsOptional()
  @IsIn(ALARM_LIST_SORTS)
  sort?: AlarmListSort;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    description: 'default: desc for time (newest first), asc for priority (1 = highest first) and state',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ default: ALARM_LIST_LIMIT_DEFAULT, maximum: ALARM_LIST_LIMIT_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ALARM_LIST_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: "the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @Length(1, 1_000)
  cursor?: string;
}

/** The filters of GET /api/alarms/counts: those of the list, without sort and paging. */
export class AlarmCountsQuery extends OmitType(AlarmListQuery, ['sort', 'order', 'limit', 'cursor'] as const) {}

export type AlarmView = Readonly<{
  alarmId: string;
  alarmDefinitionId: string;
  name: string;
  priority: number;
  /** From the alarm data settings now; undefined when the level has been removed since. */
  priorityName?: string;
  stateLevel: number;
  stateName?: string;
  categoryLevel?: number;
  categoryName?: string;
  sourceDeviceId?: string;
  ownerId?: string;
  ownerName?: string;
  relatedCameraIds: readonly string[];
  triggeringEventId: string;
  /** ISO 8601 (UTC). */
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  closedAt?: string;
  closedBy?: string;
  closedReason?: string;
  commentCount: number;
  /**
   * The number of the alarm's last event this view shows (0: only raised): the `revision` of the socket's messages.
   * A client applies a view or a message only when its revision is newer than what it has.
   */
  revision: number;
}>;

export type AlarmPage = Readonly<{ alarms: AlarmView[]; nextCursor?: string }>;

export type AlarmCount = Readonly<{ level: number; name?: string; count: number }>;
export type AlarmCounts = Readonly<{ total: number; byState: AlarmCount[]; byPriority: AlarmCount[] }>;

export type AlarmHistoryEntry = Readonly<{
  eventId: string;
  /** The event type: AlarmRaised, AlarmAcknowledged, AlarmAssigned, … */
  type: string;
  at: string;
  /** Who did it; none for AlarmRaised (the alarm engine). */
  byUserId?: string;
  byUserName?: string;
  /** The event's own fields (the new owner, priority, state, comment, reason, …). */
  details: Readonly<Record<string, unknown>>;
}>;

export type AlarmHistory = Readonly<{ alarmId: string; entries: AlarmHistoryEntry[] }>;

export class AssignAlarmRequest {
  @ApiProperty({ description: 'the user who becomes the owner' })
  @IsString()
  @Length(1, 100)
  ownerId!: string;
}

export class ChangeAlarmPriorityRequest {
  @ApiProperty({ description: 'a priority level of the alarm data settings', example: 2 })
  @IsInt()
  priority!: number;
}

export class ChangeAlarmStateRequest {
  @ApiProperty({ description: 'an open state level (1, 4, 9 or a custom one); closing is POST …/close', example: 9 })
  @IsInt()
  state!: number;
}

export class CommentAlarmRequest {
  @ApiProperty({ description: '1 to 2000 characters' })
  @IsString()
  @Length(1, 10_000)
  text!: string;
}

export class CloseAlarmRequest {
  @ApiPropertyOptional({ description: 'one of the reasons for closing; required when they are enabled' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional({ description: 'a comment added before closing' })
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  comment?: string;
}

class BulkAlarmIds {
  @ApiProperty({ type: [String], maxItems: ALARM_BULK_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALARM_BULK_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  alarmIds!: string[];
}

export class BulkAcknowledgeRequest extends BulkAlarmIds {}

export class BulkChangeStateRequest extends BulkAlarmIds {
  @ApiProperty({ example: 9 })
  @IsInt()
  state!: number;
}

export class BulkCloseRequest extends BulkAlarmIds {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  comment?: string;
}

/** One alarm's outcome in a bulk request: done (`changed` false when it already was so), or the error body. */
export type BulkAlarmResult =
  | Readonly<{ alarmId: string; ok: true; changed: boolean }>
  | Readonly<{ alarmId: string; ok: false; statusCode: number; code: string; message: string }>;

export type BulkAlarmResponse = Readonly<{ results: BulkAlarmResult[] }>;
