import { Logger } from '@nestjs/common';
import {
  ALARM_RETENTION_ACTOR,
  ALARM_SETTINGS_STREAM,
  ALARM_STATE_LEVELS,
  AlarmError,
  alarmDecider,
  alarmRetentionCutoffs,
  alarmSettingsDecider,
  alarmStream,
  expiredAlarms,
  type AlarmRetentionCandidate,
  type EventStore,
  type ExpireAlarm,
} from '@vigil/domain';
import { deterministicUuid, handleCommand, readState } from '@vigil/infrastructure';
import type { Pool } from 'pg';

/** Candidates read from the alarm list at once; each batch is decided before the next is read. */
export const ALARM_RETENTION_BATCH_SIZE = 500;
/** Alarms of a batch whose expiry is appended at the same time (each its own stream). */
const ALARMS_AT_ONCE = 8;

export type AlarmRetentionRun = Readonly<{ examined: number; expired: number }>;

type CandidateRecord = { alarm_id: string; state_level: number; raised_at: Date; closed_at: Date | null };

/** Closed alarms by closing time, or open ones by raising time: the query of one batch after a keyset cursor. */
const CANDIDATES = {
  closed: `SELECT alarm_id, state_level, raised_at, closed_at FROM alarms.alarm_list
    WHERE state_level = ${ALARM_STATE_LEVELS.closed} AND closed_at <= $1
      AND ($2::timestamptz IS NULL OR (closed_at, alarm_id) > ($2::timestamptz, $3::text))
    ORDER BY closed_at, alarm_id LIMIT $4`,
  open: `SELECT alarm_id, state_level, raised_at, closed_at FROM alarms.alarm_list
    WHERE state_level <> ${ALARM_STATE_LEVELS.closed} AND raised_at <= $1
      AND ($2::timestamptz IS NULL OR (raised_at, alarm_id) > ($2::timestamptz, $3::text))
    ORDER BY raised_at, alarm_id LIMIT $4`,
} as const;

/**
 * Enforces the alarm retention of the alarm data settings (FEATURES 5.3.8): reads the candidates from the alarm list
 * read model (`alarms.alarm_list`, which the API projects) in batches, lets the pure selection decide which have
 * expired at `now` (libs/domain alarm-retention.ts), and appends AlarmExpired through the alarm decider to each one's
 * stream. The event id derives from the alarm alone and the decider appends nothing to an expired alarm, so however
 * often a run is repeated (a retried job, a row the list has not dropped yet), each alarm expires once. Runs in this
 * process are serialised; the queue serialises them across processes.
 */
export class AlarmRetentionEnforcer {
  private readonly logger = new Logger(AlarmRetentionEnforcer.name);
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly batchSize = ALARM_RETENTION_BATCH_SIZE,
  ) {}

  /** One run at `now` (epoch ms): what it looked at and how many alarms it expired. */
  enforce(now: number): Promise<AlarmRetentionRun> {
    const run = this.running.then(() => this.run(now));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async run(now: number): Promise<AlarmRetentionRun> {
    // From the settings' own stream, not a read model: the retention applies as soon as it is changed.
    const { state } = await readState(this.store, ALARM_SETTINGS_STREAM, alarmSettingsDecider);
    const retention = state.settings.retention;
    const cutoffs = alarmRetentionCutoffs(retention, now);
    let examined = 0;
    let expired = 0;
    for (const [kind, until] of [
      ['closed', cutoffs.closedUntil],
      ['open', cutoffs.openUntil],
    ] as const) {
      let after: { at: Date; alarmId: string } | undefined;
      for (;;) {
        const { rows } = await this.pool.query<CandidateRecord>(CANDIDATES[kind], [
          new Date(until),
          after?.at ?? null,
          after?.alarmId ?? null,
          this.batchSize,
        ]);
        const candidates: AlarmRetentionCandidate[] = rows.map((row) => ({
          alarmId: row.alarm_id,
          stateLevel: row.state_level,
          raisedAt: row.raised_at.getTime(),
          ...(row.closed_at === null ? {} : { closedAt: row.closed_at.getTime() }),
        }));
        examined += candidates.length;
        expired += await this.expire(expiredAlarms(candidates, retention, now));
        const last = rows.at(-1);
        if (!last || rows.length < this.batchSize) {
          break;
        }
        after = { at: (kind === 'closed' ? last.closed_at : last.raised_at) ?? last.raised_at, alarmId: last.alarm_id };
      }
    }
    if (expired > 0) {
      this.logger.log(`expired ${expired} alarm(s) (retention: ${JSON.stringify(retention)})`);
    }
    return { examined, expired };
  }

  /** Appends the expiries, a few alarms at a time; returns how many were appended (not expired before). */
  private async expire(commands: readonly ExpireAlarm[]): Promise<number> {
    let appended = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < commands.length) {
        const command = commands[next];
        next += 1;
        if (command !== undefined && (await this.expireOne(command))) {
          appended += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ALARMS_AT_ONCE, commands.length) }, worker));
    return appended;
  }

  private async expireOne(command: ExpireAlarm): Promise<boolean> {
    const { alarmId } = command.data;
    try {
      const { events } = await handleCommand(
        this.store,
        alarmStream(alarmId),
        alarmDecider,
        command,
        { actorId: ALARM_RETENTION_ACTOR },
        () => deterministicUuid(`alarm-expired|${alarmId}`),
      );
      return events.length > 0;
    } catch (error) {
      if (error instanceof AlarmError && error.code === 'ALARM_NOT_FOUND') {
        this.logger.warn(`alarm ${alarmId} is listed but has no stream: not expired`);
        return false;
      }
      throw error;
    }
  }
}
