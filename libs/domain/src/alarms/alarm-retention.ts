import type { EpochMs } from '../access/access.types';
import type { ExpireAlarm } from './alarm.decider';
import type { AlarmExpiryReason } from './alarm.events';
import { ALARM_STATE_LEVELS, type AlarmRetention } from './alarm-settings';

/**
 * Which alarms the retention of the alarm data settings removes at a given time (FEATURES 5.3.8, S2:10863-10864):
 * - "Keep closed alarms for" N days: a closed alarm goes N days after it was closed (0: at the first check after
 *   closing, "the alarm is deleted after it has been closed");
 * - "Keep all other alarms for" N days: an alarm in any other state (New, In progress, On hold, custom) goes N days
 *   after it was raised (0: at the first check after it was raised, it "appears in the system, but will not be
 *   stored"). The seed says how long such alarms are stored, not from when: from raising is inferred.
 * A day is 24 hours. An alarm whose age equals its retention has expired. Time is an input: nothing reads a clock.
 */
export const ALARM_RETENTION_DAY_MS = 24 * 60 * 60 * 1_000;

/** Who removes expired alarms (AlarmExpired.byUserId), as the API names the system's own changes. */
export const ALARM_RETENTION_ACTOR = 'system';

/** An alarm as the retention looks at it: its state, when it was raised and, once closed, when. */
export type AlarmRetentionCandidate = Readonly<{
  alarmId: string;
  stateLevel: number;
  raisedAt: EpochMs;
  closedAt?: EpochMs;
}>;

/**
 * The latest raising time of an open alarm, and the latest closing time of a closed one, that have expired at `now`:
 * what a read model query selects candidates by (`raised_at <= openUntil`, `closed_at <= closedUntil`).
 */
export type AlarmRetentionCutoffs = Readonly<{ openUntil: EpochMs; closedUntil: EpochMs }>;

export const alarmRetentionCutoffs = (retention: AlarmRetention, now: EpochMs): AlarmRetentionCutoffs => ({
  openUntil: now - retention.openAlarmsDays * ALARM_RETENTION_DAY_MS,
  closedUntil: now - retention.closedAlarmsDays * ALARM_RETENTION_DAY_MS,
});

/** The retention that has passed for the alarm at `now`, with its days; undefined while it is kept. */
export const alarmExpiryAt = (
  alarm: AlarmRetentionCandidate,
  retention: AlarmRetention,
  now: EpochMs,
): Readonly<{ reason: AlarmExpiryReason; retentionDays: number }> | undefined => {
  const cutoffs = alarmRetentionCutoffs(retention, now);
  if (alarm.stateLevel === ALARM_STATE_LEVELS.closed) {
    // A closed alarm without its closing time cannot be judged by it: kept (the list always has it).
    return alarm.closedAt !== undefined && alarm.closedAt <= cutoffs.closedUntil
      ? { reason: 'closedAlarmsRetention', retentionDays: retention.closedAlarmsDays }
      : undefined;
  }
  return alarm.raisedAt <= cutoffs.openUntil
    ? { reason: 'openAlarmsRetention', retentionDays: retention.openAlarmsDays }
    : undefined;
};

/** The ExpireAlarm commands for the alarms among `alarms` whose retention has passed at `now`, in their order. */
export const expiredAlarms = (
  alarms: readonly AlarmRetentionCandidate[],
  retention: AlarmRetention,
  now: EpochMs,
): ExpireAlarm[] =>
  alarms.flatMap((alarm) => {
    const expiry = alarmExpiryAt(alarm, retention, now);
    return expiry === undefined
      ? []
      : [
          {
            type: 'ExpireAlarm' as const,
            data: { alarmId: alarm.alarmId, ...expiry, byUserId: ALARM_RETENTION_ACTOR, now },
          },
        ];
  });
