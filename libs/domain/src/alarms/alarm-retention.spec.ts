import {
  ALARM_RETENTION_DAY_MS,
  alarmExpiryAt,
  alarmRetentionCutoffs,
  expiredAlarms,
  type AlarmRetentionCandidate,
} from './alarm-retention';

const DAY = ALARM_RETENTION_DAY_MS;
const now = Date.UTC(2026, 11, 2, 12, 0);
const retention = { closedAlarmsDays: 1, openAlarmsDays: 30 };

const open = (alarmId: string, raisedAt: number, stateLevel = 1): AlarmRetentionCandidate => ({
  alarmId,
  stateLevel,
  raisedAt,
});
const closed = (alarmId: string, raisedAt: number, closedAt: number): AlarmRetentionCandidate => ({
  alarmId,
  stateLevel: 11,
  raisedAt,
  closedAt,
});

describe('alarm retention (which alarms expire at a given time)', () => {
  it('given a closed alarm, then it expires once its closing is as old as the closed retention', () => {
    expect(alarmExpiryAt(closed('a', now - 40 * DAY, now - DAY + 1), retention, now)).toBeUndefined();
    expect(alarmExpiryAt(closed('a', now - 40 * DAY, now - DAY), retention, now)).toEqual({
      reason: 'closedAlarmsRetention',
      retentionDays: 1,
    });
  });

  it('given a closed alarm raised long ago but closed just now, then it is kept (closed alarms count from closing)', () =>
    expect(alarmExpiryAt(closed('a', now - 365 * DAY, now - 60_000), retention, now)).toBeUndefined());

  it('given an open alarm in any open state, then it expires once it was raised the open retention ago', () => {
    for (const stateLevel of [1, 4, 9, 20]) {
      expect(alarmExpiryAt(open('a', now - 30 * DAY + 1, stateLevel), retention, now)).toBeUndefined();
      expect(alarmExpiryAt(open('a', now - 30 * DAY, stateLevel), retention, now)).toEqual({
        reason: 'openAlarmsRetention',
        retentionDays: 30,
      });
    }
  });

  it('given 0 days, then a closed alarm expires once closed and an open one once raised ("not stored")', () => {
    const none = { closedAlarmsDays: 0, openAlarmsDays: 0 };
    expect(alarmExpiryAt(closed('a', now - 2_000, now), none, now)?.reason).toBe('closedAlarmsRetention');
    expect(alarmExpiryAt(open('b', now), none, now)?.reason).toBe('openAlarmsRetention');
    expect(alarmExpiryAt(open('c', now + 1), none, now)).toBeUndefined();
  });

  it('given a closed alarm without its closing time, then it is kept', () =>
    expect(alarmExpiryAt({ alarmId: 'a', stateLevel: 11, raisedAt: now - 400 * DAY }, retention, now)).toBeUndefined());

  it('given a mix of alarms, when selecting at a time, then the expired ones become ExpireAlarm commands in order', () => {
    // Given
    const alarms = [
      closed('closed-old', now - 5 * DAY, now - 2 * DAY),
      closed('closed-recent', now - 5 * DAY, now - 3_600_000),
      open('open-old', now - 31 * DAY, 4),
      open('open-recent', now - 29 * DAY),
    ];

    // When
    const commands = expiredAlarms(alarms, retention, now);

    // Then
    expect(commands).toEqual([
      {
        type: 'ExpireAlarm',
        data: { alarmId: 'closed-old', reason: 'closedAlarmsRetention', retentionDays: 1, byUserId: 'system', now },
      },
      {
        type: 'ExpireAlarm',
        data: { alarmId: 'open-old', reason: 'openAlarmsRetention', retentionDays: 30, byUserId: 'system', now },
      },
    ]);
  });

  it('given the same alarms later, then more of them expire (time is the only input)', () =>
    expect(
      expiredAlarms([open('a', now - 29 * DAY), closed('b', now - 2 * DAY, now - 3_600_000)], retention, now + DAY).map(
        (command) => command.data.alarmId,
      ),
    ).toEqual(['a', 'b']));

  it('cuts off raising and closing times by the retention days', () =>
    expect(alarmRetentionCutoffs(retention, now)).toEqual({ openUntil: now - 30 * DAY, closedUntil: now - DAY }));
});
