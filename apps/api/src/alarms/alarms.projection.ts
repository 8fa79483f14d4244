import {
  ALARM_STATE_LEVELS,
  ALARM_STREAM_PREFIX,
  assertNever,
  isAlarmEventType,
  type AlarmEvent,
  type AlarmRaised,
  type StoredEvent,
} from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

/**
 * Projects the alarm-* streams into alarms.alarm_list, one row per alarm, as the alarm decider folds them: raised in
 * state 1 (New); acknowledging moves it to 4 (In progress) and makes the acknowledging user the owner when there is
 * none; closing sets 11 (Closed) with the reason; expiring (its retention passed, FEATURES 5.3.8) removes the row.
 * Each row keeps `revision`, the number of the last event of the alarm's stream it shows, so that a client that also
 * follows the socket feed can tell which is newer. Each event is applied once (the runner commits the checkpoint with
 * the rows), so counters may be incremented.
 */
export class AlarmsProjection implements Projection {
  readonly name = 'alarm-list'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [ALARM_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    // Raised alarms are written together, one statement for a run of them, where a statement per alarm cost the API
    // a round trip for each; any other event of an alarm may follow its raise in the batch, so the run before it is
    // written first.
    let raised: RaisedRow[] = [];
    for (const stored of events) {
      if (!stored.streamId.startsWith(ALARM_STREAM_PREFIX) || !isAlarmEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as AlarmEvent;
      if (event.type === 'AlarmRaised') {
        raised.push(raisedRowOf(event.data, Number(stored.revision)));
        continue;
      }
      await insertRaised(raised, tx);
      raised = [];
      const at = new Date(event.data.at);
      const alarmId = event.data.alarmId;
      const revision = Number(stored.revision);
      switch (event.type) {
        case 'AlarmAcknowledged':
          await tx.query(
            `UPDATE alarms.alarm_list SET state_level = $2, owner_id = COALESCE(owner_id, $3), acknowledged_at = $4,
               acknowledged_by = $3, updated_at = $4, revision = $5
             WHERE alarm_id = $1`,
            [alarmId, ALARM_STATE_LEVELS.inProgress, event.data.byUserId, at, revision],
          );
          break;
        case 'AlarmAssigned':
          await tx.query(
            'UPDATE alarms.alarm_list SET owner_id = $2, updated_at = $3, revision = $4 WHERE alarm_id = $1',
            [alarmId, event.data.ownerId, at, revision],
          );
          break;
        case 'AlarmPriorityChanged':
          await tx.query(
            'UPDATE alarms.alarm_list SET priority = $2, updated_at = $3, revision = $4 WHERE alarm_id = $1',
            [alarmId, event.data.priority, at, revision],
          );
          break;
        case 'AlarmStateChanged':
          await tx.query(
            'UPDATE alarms.alarm_list SET state_level = $2, updated_at = $3, revision = $4 WHERE alarm_id = $1',
            [alarmId, event.data.stateLevel, at, revision],
          );
          break;
        case 'AlarmCommented':
          await tx.query(
            `UPDATE alarms.alarm_list SET comment_count = comment_count + 1, updated_at = $2, revision = $3
             WHERE alarm_id = $1`,
            [alarmId, at, revision],
          );
          break;
        case 'AlarmClosed':
          await tx.query(
            `UPDATE alarms.alarm_list SET state_level = $2, closed_at = $3, closed_by = $4, closed_reason = $5,
               updated_at = $3, revision = $6
             WHERE alarm_id = $1`,
            [alarmId, ALARM_STATE_LEVELS.closed, at, event.data.byUserId, event.data.reason ?? null, revision],
          );
          break;
        case 'AlarmExpired':
          // The row goes; the stream stays (the event store is never edited) but is no longer served.
          await tx.query('DELETE FROM alarms.alarm_list WHERE alarm_id = $1', [alarmId]);
          break;
        default:
          assertNever(event);
      }
    }
    await insertRaised(raised, tx);
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE alarms.alarm_list');
  }
}

/** An alarm_list row of a raised alarm, as jsonb_to_recordset reads it (raised_at is also its updated_at). */
type RaisedRow = Readonly<{
  alarm_id: string;
  alarm_definition_id: string;
  name: string;
  priority: number;
  state_level: number;
  category_level: number | null;
  source_device_id: string | null;
  owner_id: string | null;
  related_camera_ids: readonly string[];
  triggering_event_id: string;
  raised_at: string;
  revision: number;
}>;

const raisedRowOf = (data: AlarmRaised['data'], revision: number): RaisedRow => ({
  alarm_id: data.alarmId,
  alarm_definition_id: data.alarmDefinitionId,
  name: data.name,
  priority: data.priority,
  state_level: ALARM_STATE_LEVELS.new,
  category_level: data.categoryLevel ?? null,
  source_device_id: data.sourceDeviceId ?? null,
  owner_id: data.ownerId ?? null,
  related_camera_ids: data.relatedCameraIds,
  triggering_event_id: data.triggeringEventId,
  raised_at: new Date(data.at).toISOString(),
  revision,
});

/** Inserts the rows of raised alarms in one statement; an alarm already listed is left as it is. */
const insertRaised = async (rows: readonly RaisedRow[], tx: PoolClient): Promise<void> => {
  if (rows.length === 0) {
    return;
  }
  await tx.query(
    `INSERT INTO alarms.alarm_list (alarm_id, alarm_definition_id, name, priority, state_level, category_level,
       source_device_id, owner_id, related_camera_ids, triggering_event_id, raised_at, updated_at, revision)
     SELECT alarm_id, alarm_definition_id, name, priority, state_level, category_level, source_device_id, owner_id,
       related_camera_ids, triggering_event_id, raised_at, raised_at, revision
     FROM jsonb_to_recordset($1::jsonb) AS raised(alarm_id text, alarm_definition_id text, name text,
       priority integer, state_level integer, category_level integer, source_device_id text, owner_id text,
       related_camera_ids text[], triggering_event_id text, raised_at timestamptz, revision integer)
     ON CONFLICT (alarm_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
};
