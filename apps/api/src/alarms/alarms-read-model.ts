import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { ALARM_STATE_LEVELS, type AlarmVisibility, type EventStore } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import type { AlarmListSort } from './alarms.dto';
import { AlarmsProjection } from './alarms.projection';

/** One row of alarms.alarm_list, with the owner's user name. */
export type AlarmRow = Readonly<{
  alarmId: string;
  alarmDefinitionId: string;
  name: string;
  priority: number;
  stateLevel: number;
  categoryLevel: number | null;
  sourceDeviceId: string | null;
  ownerId: string | null;
  ownerName: string | null;
  relatedCameraIds: readonly string[];
  triggeringEventId: string;
  raisedAt: Date;
  updatedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  closedAt: Date | null;
  closedBy: string | null;
  closedReason: string | null;
  commentCount: number;
  /** The number of the alarm stream's last event the row shows (0: only raised), as the socket messages number them. */
  revision: number;
}>;

/** What the list and the counts filter on; every list is a set of alternatives, absent means any. */
export type AlarmFilter = Readonly<{
  stateLevels?: readonly number[];
  closed?: boolean;
  priorities?: readonly number[];
  categoryLevels?: readonly number[];
  sourceDeviceIds?: readonly string[];
  ownerId?: string;
  alarmDefinitionId?: string;
  from?: Date;
  to?: Date;
}>;

export type AlarmListOrder = Readonly<{ sort: AlarmListSort; direction: 'asc' | 'desc' }>;

const COLUMNS = `a.alarm_id, a.alarm_definition_id, a.name, a.priority, a.state_level, a.category_level,
  a.source_device_id, a.owner_id, u.user_name AS owner_name, a.related_camera_ids, a.triggering_event_id, a.raised_at,
  a.updated_at, a.acknowledged_at, a.acknowledged_by, a.closed_at, a.closed_by, a.closed_reason, a.comment_count,
  a.revision`;

const FROM = `alarms.alarm_list a LEFT JOIN access.users u ON u.user_id::text = a.owner_id`;

type AlarmRecord = {
  alarm_id: string;
  alarm_definition_id: string;
  name: string;
  priority: number;
  state_level: number;
  category_level: number | null;
  source_device_id: string | null;
  owner_id: string | null;
  owner_name: string | null;
  related_camera_ids: string[];
  triggering_event_id: string;
  raised_at: Date;
  updated_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  closed_reason: string | null;
  comment_count: number;
  revision: number;
};

const toRow = (r: AlarmRecord): AlarmRow => ({
  alarmId: r.alarm_id,
  alarmDefinitionId: r.alarm_definition_id,
  name: r.name,
  priority: r.priority,
  stateLevel: r.state_level,
  categoryLevel: r.category_level,
  sourceDeviceId: r.source_device_id,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  relatedCameraIds: r.related_camera_ids,
  triggeringEventId: r.triggering_event_id,
  raisedAt: r.raised_at,
  updatedAt: r.updated_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  closedReason: r.closed_reason,
  commentCount: r.comment_count,
  revision: r.revision,
});

/** The SQL of the filters and of the actor's visibility, with their parameters numbered from 1. */
const whereOf = (filter: AlarmFilter, visibility: AlarmVisibility): { sql: string; params: unknown[] } => {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const { devices, definitions } = visibility;
  const seen = (named: ReadonlyMap<string, boolean>) => [...named].filter(([, visible]) => visible).map(([id]) => id);
  const conditions = [
    // FEATURES 5.3.2: an alarm from a device the actor's roles cannot see is not there for them.
    `(a.source_device_id IS NULL OR a.source_device_id = ANY(${param(seen(devices.devices))}::text[])
      OR (${param(devices.byDefault)}::boolean AND NOT a.source_device_id = ANY(${param([...devices.devices.keys()])}::text[])))`,
    // FEATURES 5.3.6: nor is an alarm of a definition they have no View on.
    `(a.alarm_definition_id = ANY(${param(seen(definitions.definitions))}::text[])
      OR (${param(definitions.byDefault)}::boolean
          AND NOT a.alarm_definition_id = ANY(${param([...definitions.definitions.keys()])}::text[])))`,
  ];
  if (filter.stateLevels) {
    conditions.push(`a.state_level = ANY(${param(filter.stateLevels)}::int[])`);
  }
  if (filter.closed !== undefined) {
    conditions.push(`a.state_level ${filter.closed ? '=' : '<>'} ${param(ALARM_STATE_LEVELS.closed)}`);
  }
  if (filter.priorities) {
    conditions.push(`a.priority = ANY(${param(filter.priorities)}::int[])`);
  }
  if (filter.categoryLevels) {
    conditions.push(`a.category_level = ANY(${param(filter.categoryLevels)}::int[])`);
  }
  if (filter.sourceDeviceIds) {
    conditions.push(`a.source_device_id = ANY(${param(filter.sourceDeviceIds)}::text[])`);
  }
  if (filter.ownerId !== undefined) {
    conditions.push(`a.owner_id = ${param(filter.ownerId)}`);
  }
  if (filter.alarmDefinitionId !== undefined) {
    conditions.push(`a.alarm_definition_id = ${param(filter.alarmDefinitionId)}`);
  }
  if (filter.from) {
    conditions.push(`a.raised_at >= ${param(filter.from)}`);
  }
  if (filter.to) {
    conditions.push(`a.raised_at < ${param(filter.to)}`);
  }
  return { sql: conditions.join(' AND '), params };
};

/** The sort keys: the chosen one, then raising time and alarm id, so that the order is total and a cursor exact. */
const SORT_KEYS: Readonly<{
  [S in AlarmListSort]: readonly ('priority' | 'state_level' | 'raised_at' | 'alarm_id')[];
}> = {
  time: ['raised_at', 'alarm_id'],
  priority: ['priority', 'raised_at', 'alarm_id'],
  state: ['state_level', 'raised_at', 'alarm_id'],
};

type CursorValues = readonly (number | string)[];

const keyValues = (row: AlarmRow, sort: AlarmListSort): CursorValues =>
  SORT_KEYS[sort].map((key) => {
    switch (key) {
      case 'priority':
        return row.priority;
      case 'state_level':
        return row.stateLevel;
      case 'raised_at':
        return row.raisedAt.toISOString();
      case 'alarm_id':
        return row.alarmId;
    }
  });

/** Opaque to clients: the sort keys of the last alarm of a page. */
const encodeCursor = (sort: AlarmListSort, values: CursorValues): string =>
  Buffer.from(JSON.stringify([sort, ...values]), 'utf8').toString('base64url');

const invalidCursor = (): BadRequestException =>
  new BadRequestException({ code: 'CURSOR_INVALID', message: 'the cursor is not one this list gave, for this sort' });

const decodeCursor = (cursor: string, sort: AlarmListSort): CursorValues => {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const keys = SORT_KEYS[sort];
  if (!Array.isArray(decoded) || decoded.length !== keys.length + 1 || decoded[0] !== sort) {
    throw invalidCursor();
  }
  const values = decoded.slice(1) as unknown[];
  const valid = keys.every((key, index) => {
    const value = values[index];
    switch (key) {
      case 'priority':
      case 'state_level':
        return typeof value === 'number' && Number.isInteger(value);
      case 'raised_at':
        return typeof value === 'string' && !Number.isNaN(Date.parse(value));
      case 'alarm_id':
        return typeof value === 'string';
    }
  });
  if (!valid) {
    throw invalidCursor();
  }
  return values as CursorValues;
};

const CAST: Readonly<{ [K in 'priority' | 'state_level' | 'raised_at' | 'alarm_id']: string }> = {
  priority: 'int',
  state_level: 'int',
  raised_at: 'timestamptz',
  alarm_id: 'text',
};

/** alarms.alarm_list, kept up to date in this process, and its queries (always within the actor's visibility). */
@Injectable()
export class AlarmsReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new AlarmsProjection(), eventStore, pool);
  }

  async get(alarmId: string): Promise<AlarmRow | undefined> {
    const { rows } = await this.pool.query<AlarmRecord>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.alarm_id = $1`, [
      alarmId,
    ]);
    return rows[0] && toRow(rows[0]);
  }

  /** One page, and the cursor of the next one when there may be more. */
  async page(
    filter: AlarmFilter,
    visibility: AlarmVisibility,
    order: AlarmListOrder,
    limit: number,
    cursor?: string,
  ): Promise<{ rows: AlarmRow[]; nextCursor?: string }> {
    const { sql, params } = whereOf(filter, visibility);
    const keys = SORT_KEYS[order.sort];
    let after = '';
    if (cursor !== undefined) {
      const values = decodeCursor(cursor, order.sort);
      const placeholders = keys.map((key, index) => {
        params.push(values[index]);
        return `$${params.length}::${CAST[key]}`;
      });
      after = ` AND (${keys.map((key) => `a.${key}`).join(', ')}) ${order.direction === 'asc' ? '>' : '<'} (${placeholders.join(', ')})`;
    }
    params.push(limit + 1);
    const { rows } = await this.pool.query<AlarmRecord>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${sql}${after}
       ORDER BY ${keys.map((key) => `a.${key} ${order.direction.toUpperCase()}`).join(', ')}
       LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit).map(toRow);
    const last = page.at(-1);
    return rows.length > limit && last
      ? { rows: page, nextCursor: encodeCursor(order.sort, keyValues(last, order.sort)) }
      : { rows: page };
  }

  /** How many alarms there are in each state and of each priority, within the filter and the actor's visibility. */
  async counts(
    filter: AlarmFilter,
    visibility: AlarmVisibility,
  ): Promise<{ byState: Map<number, number>; byPriority: Map<number, number> }> {
    const { sql, params } = whereOf(filter, visibility);
    const { rows } = await this.pool.query<{ state_level: number; priority: number; count: string }>(
      `SELECT a.state_level, a.priority, count(*) AS count FROM alarms.alarm_list a WHERE ${sql}
       GROUP BY a.state_level, a.priority`,
      params,
    );
    const byState = new Map<number, number>();
    const byPriority = new Map<number, number>();
    for (const row of rows) {
      const count = Number(row.count);
      byState.set(row.state_level, (byState.get(row.state_level) ?? 0) + count);
      byPriority.set(row.priority, (byPriority.get(row.priority) ?? 0) + count);
    }
    return { byState, byPriority };
  }
}
