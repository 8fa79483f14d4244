import { deciderSpec } from '../access/testing/decider-spec';
import { alarmDecider, type AlarmCommand, type CloseAlarm } from './alarm.decider';
import type {
  AlarmAcknowledged,
  AlarmClosed,
  AlarmEvent,
  AlarmExpired,
  AlarmExpiryReason,
  AlarmRaised,
  AlarmStateChanged,
} from './alarm.events';

const given = deciderSpec(alarmDecider);
const alarmId = 'alarm-1';
const operator = 'u-operator';
const supervisor = 'u-supervisor';
const now = 1_000;
const by = { alarmId, byUserId: operator, now };

const raised: AlarmRaised = {
  type: 'AlarmRaised',
  data: {
    alarmId,
    alarmDefinitionId: 'ad-1',
    name: 'Door forced',
    priority: 1,
    relatedCameraIds: ['cam-1'],
    triggeringEventId: 'ev-1',
    sourceDeviceId: 'door-1',
    at: 1,
  },
};
const acknowledged: AlarmAcknowledged = { type: 'AlarmAcknowledged', data: { alarmId, byUserId: operator, at: 2 } };
const onHold: AlarmStateChanged = {
  type: 'AlarmStateChanged',
  data: { alarmId, stateLevel: 9, previousStateLevel: 4, byUserId: operator, at: 3 },
};
const closed: AlarmClosed = { type: 'AlarmClosed', data: { alarmId, byUserId: operator, at: 4 } };

const raise: AlarmCommand = {
  type: 'RaiseAlarm',
  data: {
    alarmId,
    alarmDefinitionId: 'ad-1',
    name: 'Door forced',
    priority: 1,
    relatedCameraIds: ['cam-1'],
    triggeringEventId: 'ev-1',
    sourceDeviceId: 'door-1',
    now: 1,
  },
};
const acknowledge: AlarmCommand = { type: 'AcknowledgeAlarm', data: by };
const assign = (ownerId: string): AlarmCommand => ({ type: 'AssignAlarm', data: { ...by, ownerId } });
const changePriority = (priority: number): AlarmCommand => ({
  type: 'ChangeAlarmPriority',
  data: { ...by, priority, priorityLevels: [1, 2, 3] },
});
const changeState = (stateLevel: number): AlarmCommand => ({
  type: 'ChangeAlarmState',
  data: { ...by, stateLevel, stateLevels: [1, 4, 9, 11, 20] },
});
const comment = (text: string): AlarmCommand => ({ type: 'CommentAlarm', data: { ...by, text } });
const reasons = { enabled: true, reasons: ['Solved-Trespasser', 'False Alarm'] };
const close = (reason?: string, reasonsForClosing = { enabled: false, reasons: [] as string[] }): CloseAlarm => ({
  type: 'CloseAlarm',
  data: { ...by, ...(reason === undefined ? {} : { reason }), reasonsForClosing },
});

/** Every command that acts on an existing alarm. */
const everyCommandOnAnAlarm: readonly AlarmCommand[] = [
  acknowledge,
  assign(supervisor),
  changePriority(2),
  changeState(9),
  comment('checked'),
  close(),
];

describe('alarm decider', () => {
  describe('given nothing', () => {
    it('raises a new alarm', () => given([]).when(raise).then([raised]));

    it('raises it with its initial owner and category', () =>
      given([])
        .when({ ...raise, data: { ...raise.data, initialOwnerId: supervisor, categoryLevel: 5 } })
        .then([{ ...raised, data: { ...raised.data, ownerId: supervisor, categoryLevel: 5 } }]));

    it.each(everyCommandOnAnAlarm.map((command) => [command.type, command] as const))(
      'refuses %s: no such alarm',
      (_type, command) => given([]).when(command).thenThrows('ALARM_NOT_FOUND'),
    );
  });

  describe('when new', () => {
    it('is raised once: raising again is a no-op', () => given([raised]).when(raise).then([]));

    it('moves to In progress on acknowledge, the acknowledging user owning it', () => {
      given([raised])
        .when(acknowledge)
        .then([{ ...acknowledged, data: { ...acknowledged.data, at: now } }]);
      expect([raised, acknowledged].reduce(alarmDecider.evolve, alarmDecider.initialState())).toEqual({
        status: 'Open',
        alarmId,
        stateLevel: 4,
        priority: 1,
        ownerId: operator,
      });
    });

    it('keeps its initial owner when acknowledged by someone else', () =>
      expect(
        [{ ...raised, data: { ...raised.data, ownerId: supervisor } }, acknowledged].reduce(
          alarmDecider.evolve,
          alarmDecider.initialState(),
        ),
      ).toMatchObject({ ownerId: supervisor }));
  });

  describe('when in progress', () => {
    const history: AlarmEvent[] = [raised, acknowledged];

    it('refuses a second acknowledge', () => given(history).when(acknowledge).thenThrows('ALARM_NOT_NEW'));

    it('is reassigned, naming the previous owner', () =>
      given(history)
        .when(assign(supervisor))
        .then([
          {
            type: 'AlarmAssigned',
            data: { alarmId, ownerId: supervisor, previousOwnerId: operator, byUserId: operator, at: now },
          },
        ]));

    it('records nothing when assigned to its owner', () => given(history).when(assign(operator)).then([]));

    it('changes priority to a level that exists', () =>
      given(history)
        .when(changePriority(3))
        .then([
          {
            type: 'AlarmPriorityChanged',
            data: { alarmId, priority: 3, previousPriority: 1, byUserId: operator, at: now },
          },
        ]));

    it('refuses a priority level that does not exist', () =>
      given(history).when(changePriority(7)).thenThrows('ALARM_PRIORITY_UNKNOWN'));

    it('changes state to On hold or a custom state', () => {
      given(history)
        .when(changeState(9))
        .then([{ ...onHold, data: { ...onHold.data, at: now } }]);
      given(history)
        .when(changeState(20))
        .then([
          {
            type: 'AlarmStateChanged',
            data: { alarmId, stateLevel: 20, previousStateLevel: 4, byUserId: operator, at: now },
          },
        ]);
    });

    it('records nothing when the state does not change', () => given(history).when(changeState(4)).then([]));

    it('refuses a state level that does not exist', () =>
      given(history).when(changeState(5)).thenThrows('ALARM_STATE_UNKNOWN'));

    it('is not closed by a state change (closing has its own rules)', () =>
      given(history).when(changeState(11)).thenThrows('ALARM_STATE_INVALID'));

    it('takes a comment, trimmed', () =>
      given(history)
        .when(comment(' Guard sent. '))
        .then([{ type: 'AlarmCommented', data: { alarmId, text: 'Guard sent.', byUserId: operator, at: now } }]));

    it('refuses an empty comment', () => given(history).when(comment('  ')).thenThrows('ALARM_COMMENT_INVALID'));
  });

  describe('closing', () => {
    it('closes without a reason when reasons for closing are disabled', () =>
      given([raised, acknowledged, onHold])
        .when(close())
        .then([{ ...closed, data: { ...closed.data, at: now } }]));

    it('closes a new alarm directly', () =>
      given([raised])
        .when(close())
        .then([{ ...closed, data: { ...closed.data, at: now } }]));

    it('refuses to close without a reason when reasons are enabled', () => {
      given([raised, acknowledged]).when(close(undefined, reasons)).thenThrows('ALARM_CLOSING_REASON_REQUIRED');
      given([raised, acknowledged]).when(close(' ', reasons)).thenThrows('ALARM_CLOSING_REASON_REQUIRED');
    });

    it('refuses a reason that is not one of the reasons for closing', () =>
      given([raised, acknowledged]).when(close('Bored', reasons)).thenThrows('ALARM_CLOSING_REASON_UNKNOWN'));

    it('closes with one of the reasons', () =>
      given([raised, acknowledged])
        .when(close('False Alarm', reasons))
        .then([{ type: 'AlarmClosed', data: { alarmId, reason: 'False Alarm', byUserId: operator, at: now } }]));
  });

  describe('when closed', () => {
    const history: AlarmEvent[] = [raised, acknowledged, closed];

    it.each(everyCommandOnAnAlarm.map((command) => [command.type, command] as const))('refuses %s', (_type, command) =>
      given(history).when(command).thenThrows('ALARM_CLOSED'),
    );

    it('refuses acknowledging a closed alarm that was never acknowledged', () =>
      given([raised, closed]).when(acknowledge).thenThrows('ALARM_CLOSED'));

    it('ignores raising it again', () => given(history).when(raise).then([]));
  });

  describe('expiring (retention)', () => {
    const expire = (reason: AlarmExpiryReason, retentionDays = 1): AlarmCommand => ({
      type: 'ExpireAlarm',
      data: { alarmId, reason, retentionDays, byUserId: 'system', now },
    });
    const expired = (reason: AlarmExpiryReason, retentionDays = 1): AlarmExpired => ({
      type: 'AlarmExpired',
      data: { alarmId, reason, retentionDays, byUserId: 'system', at: now },
    });

    it('given a closed alarm, when the closed retention expires it, then it is expired', () =>
      given([raised, closed])
        .when(expire('closedAlarmsRetention'))
        .then([expired('closedAlarmsRetention')]));

    it('given an open alarm in any state, when the open retention expires it, then it is expired', () => {
      given([raised])
        .when(expire('openAlarmsRetention', 0))
        .then([expired('openAlarmsRetention', 0)]);
      given([raised, acknowledged, onHold])
        .when(expire('openAlarmsRetention'))
        .then([expired('openAlarmsRetention')]);
    });

    it('given an expired alarm, when it is expired again (a re-run of the job), then nothing is appended', () => {
      given([raised, closed, expired('closedAlarmsRetention')])
        .when(expire('closedAlarmsRetention'))
        .then([]);
      given([raised, expired('openAlarmsRetention')])
        .when(expire('openAlarmsRetention'))
        .then([]);
    });

    it('given an alarm closed since it was chosen for the open retention, then it is kept for the closed one', () =>
      given([raised, closed]).when(expire('openAlarmsRetention')).then([]));

    it('given an open alarm, when the closed retention names it (a stale read), then it is kept', () =>
      given([raised]).when(expire('closedAlarmsRetention')).then([]));

    it('given no alarm, then expiring it is refused as an unknown alarm', () =>
      given([]).when(expire('openAlarmsRetention')).thenThrows('ALARM_NOT_FOUND'));

    it.each(everyCommandOnAnAlarm.map((command) => [command.type, command] as const))(
      'given an expired alarm, when %s, then it is refused as an unknown alarm',
      (_type, command) =>
        given([raised, expired('openAlarmsRetention')])
          .when(command)
          .thenThrows('ALARM_NOT_FOUND'),
    );

    it('given an expired alarm, when it is raised again (a replayed trigger), then nothing is appended', () =>
      given([raised, closed, expired('closedAlarmsRetention')])
        .when(raise)
        .then([]));
  });
});
