import { Inject, Injectable } from '@nestjs/common';
import type { AlarmDefinition, AlarmLevelUse, EventStore } from '@vigil/domain';
import { EVENT_STORE, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { HostedProjection } from '../read-models/hosted-projection';
import { AlarmDefinitionsProjection } from './alarm-definitions.projection';

export type StoredAlarmDefinition = Readonly<{
  definition: AlarmDefinition;
  version: number;
  createdAt: string;
  updatedAt: string;
}>;

type Row = { definition: AlarmDefinition; version: number; created_at: Date; updated_at: Date };

const toStored = (row: Row): StoredAlarmDefinition => ({
  definition: row.definition,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** config.alarm_definitions, kept up to date in this process, and its queries. */
@Injectable()
export class AlarmDefinitionsReadModel extends HostedProjection {
  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    super(new AlarmDefinitionsProjection(), eventStore, pool);
  }

  async list(): Promise<StoredAlarmDefinition[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT definition, version, created_at, updated_at FROM config.alarm_definitions ORDER BY name, alarm_definition_id',
    );
    return rows.map(toStored);
  }

  async get(alarmDefinitionId: string): Promise<StoredAlarmDefinition | undefined> {
    const { rows } = await this.pool.query<Row>(
      'SELECT definition, version, created_at, updated_at FROM config.alarm_definitions WHERE alarm_definition_id = $1',
      [alarmDefinitionId],
    );
    return rows[0] && toStored(rows[0]);
  }

  /** Names of the definitions active within a time profile. */
  async namesUsingTimeProfile(timeProfileId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT name FROM config.alarm_definitions
       WHERE definition->'activation'->>'kind' = 'timeProfile' AND definition->'activation'->>'timeProfileId' = $1
       ORDER BY name`,
      [timeProfileId],
    );
    return rows.map((row) => row.name);
  }

  /** Which priority (initialPriority) or category (categoryLevel) levels the definitions use, with their names. */
  async levelsInUse(field: 'initialPriority' | 'categoryLevel'): Promise<AlarmLevelUse[]> {
    const { rows } = await this.pool.query<{ level: number; names: string[] }>(
      `SELECT (definition->>$1)::int AS level, array_agg(name ORDER BY name) AS names
       FROM config.alarm_definitions WHERE definition ? $1 GROUP BY 1 ORDER BY 1`,
      [field],
    );
    return rows.map((row) => ({ level: row.level, usedBy: row.names.map((name) => `alarm definition ${name}`) }));
  }
}
