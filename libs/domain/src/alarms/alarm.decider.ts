import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import { ALARM_STATE_LEVELS, type AlarmClosingReasons } from './alarm-settings';
import { AlarmError } from './alarm.errors';
import type { AlarmEvent, AlarmExpiryReason, AlarmRaised } from './alarm.events';

/**
 * One alarm's lifecycle (FEATURES 5.3.3), stream `alarm-<id>` (STYLE.md sketch 3): raised in state 1 (New),
 * acknowledged (→ 4, In progress), assigned and reassigned, its priority and state changed, commented, closed (11)
 * with a reason when reasons for closing are enabled. What the settings allow (priority and state levels, the reasons
 * for closing) and who the users are arrive inside the commands: the decider reads no read model and no clock.
 */
type By = Readonly<{ alarmId: string; byUserId: string; now: EpochMs }>;

export type RaiseAlarm = AccessCommand<
  'RaiseAlarm',
  Readonly<{
    alarmId: string;
    alarmDefinitionId: string;
    name: string;
    priority: number;
    categoryLevel?: number;
    initialOwnerId?: string;
    relatedCameraIds: readonly string[];
    triggeringEventId: string;
    sourceDeviceId?: string;
    now: EpochMs;
  }>
>;
export type AcknowledgeAlarm = AccessCommand<'AcknowledgeAlarm', By>;
/** `ownerId` is checked to be a user (one the alarm may be assigned to) by the caller. */
export type AssignAlarm = AccessCommand<'AssignAlarm', By & Readonly<{ ownerId: string }>>;
/** `priorityLevels`: the levels of the alarm data settings now. */
export type ChangeAlarmPriority = AccessCommand<
  'ChangeAlarmPriority',
  By & Readonly<{ priority: number; priorityLevels: readonly number[] }>
>;
/** `stateLevels`: every state level now, the built-in ones included. */
export type ChangeAlarmState = AccessCommand<
  'ChangeAlarmState',
  By & Readonly<{ stateLevel: number; stateLevels: readonly number[] }>
>;
export type CommentAlarm = AccessCommand<'CommentAlarm', By & Readonly<{ text: string }>>;
/** `reasonsForClosing`: the setting now; when enabled, `reason` must be one of its reasons. */
export type CloseAlarm = AccessCommand<
  'CloseAlarm',
  By & Readonly<{ reason?: string; reasonsForClosing: AlarmClosingReasons }>
>;

/**
 * The retention job's (alarm-retention.ts chose it): `reason` says which retention passed, so the alarm must still be
 * in the matching status (an alarm closed since it was chosen for the open retention is kept for the closed one).
 */
export type ExpireAlarm = AccessCommand<
  'ExpireAlarm',
  By & Readonly<{ reason: AlarmExpiryReason; retentionDays: number }>
>;

export type AlarmCommand =
  | RaiseAlarm
  | AcknowledgeAlarm
  | AssignAlarm
  | ChangeAlarmPriority
  | ChangeAlarmState
  | CommentAlarm
  | CloseAlarm
  | ExpireAlarm;

export type OpenAlarm = Readonly<{
  alarmId: string;
  /** 1 New, 4 In progress, 9 On hold, or a custom level; never 11 (Closed is its own status). */
  stateLevel: number;
  priority: number;
  ownerId?: string;
}>;

export type AlarmState =
  | Readonly<{ status: 'None' }>
  | (Readonly<{ status: 'Open' }> & OpenAlarm)
  | Readonly<{ status: 'Closed'; alarmId: string; reason?: string }>
  /** Its retention passed (AlarmExpired): to every command it is an alarm that does not exist. */
  | Readonly<{ status: 'Expired'; alarmId: string }>;

export const initialAlarmState = (): AlarmState => ({ status: 'None' });

export const ALARM_COMMENT_MAX_LENGTH = 2_000; // (inferred)

/** The open alarm a command acts on, or the error that says why there is none. */
const requireOpen = (state: AlarmState, alarmId: string): Readonly<{ status: 'Open' }> & OpenAlarm => {
  switch (state.status) {
    case 'None':
    case 'Expired':
      throw new AlarmError('ALARM_NOT_FOUND', `alarm ${alarmId} does not exist`);
    case 'Closed':
      throw new AlarmError('ALARM_CLOSED', `alarm ${alarmId} is closed`);
    case 'Open':
      return state;
    default:
      return assertNever(state);
  }
};

export const decideAlarm = (command: AlarmCommand, state: AlarmState): AlarmEvent[] => {
  switch (command.type) {
    case 'RaiseAlarm': {
      if (state.status !== 'None') {
        return []; // idempotent: the same alarm id raised twice (a replayed trigger) is one alarm
      }
      const { now, initialOwnerId, categoryLevel, sourceDeviceId, ...raised } = command.data;
      const data: AlarmRaised['data'] = {
        ...raised,
        ...(categoryLevel === undefined ? {} : { categoryLevel }),
        ...(initialOwnerId === undefined ? {} : { ownerId: initialOwnerId }),
        ...(sourceDeviceId === undefined ? {} : { sourceDeviceId }),
        at: now,
      };
      return [{ type: 'AlarmRaised', data }];
    }
    case 'AcknowledgeAlarm': {
      const { alarmId, byUserId, now } = command.data;
      const alarm = requireOpen(state, alarmId);
      if (alarm.stateLevel !== ALARM_STATE_LEVELS.new) {
        throw new AlarmError('ALARM_NOT_NEW', `alarm ${alarmId} is not new (state ${alarm.stateLevel})`);
      }
      return [{ type: 'AlarmAcknowledged', data: { alarmId, byUserId, at: now } }];
    }
    case 'AssignAlarm': {
      const { alarmId, ownerId, byUserId, now } = command.data;
      const alarm = requireOpen(state, alarmId);
      if (alarm.ownerId === ownerId) {
        return [];
      }
      return [
        {
          type: 'AlarmAssigned',
          data: {
            alarmId,
            ownerId,
            ...(alarm.ownerId === undefined ? {} : { previousOwnerId: alarm.ownerId }),
            byUserId,
            at: now,
          },
        },
      ];
    }
    case 'ChangeAlarmPriority': {
      const { alarmId, priority, priorityLevels, byUserId, now } = command.data;
      const alarm = requireOpen(state, alarmId);
      if (!priorityLevels.includes(priority)) {
        throw new AlarmError('ALARM_PRIORITY_UNKNOWN', `priority level ${priority} does not exist`);
      }
      return alarm.priority === priority
        ? []
        : [
            {
              type: 'AlarmPriorityChanged',
              data: { alarmId, priority, previousPriority: alarm.priority, byUserId, at: now },
            },
          ];
    }
    case 'ChangeAlarmState': {
      const { alarmId, stateLevel, stateLevels, byUserId, now } = command.data;
      const alarm = requireOpen(state, alarmId);
      if (stateLevel === ALARM_STATE_LEVELS.closed) {
        throw new AlarmError('ALARM_STATE_INVALID', 'an alarm is closed by closing it (with a reason when required)');
      }
      if (!stateLevels.includes(stateLevel)) {
        throw new AlarmError('ALARM_STATE_UNKNOWN', `state level ${stateLevel} does not exist`);
      }
      return alarm.stateLevel === stateLevel
        ? []
        : [
            {
              type: 'AlarmStateChanged',
              data: { alarmId, stateLevel, previousStateLevel: alarm.stateLevel, byUserId, at: now },
            },
          ];
    }
    case 'CommentAlarm': {
      const { alarmId, byUserId, now } = command.data;
      requireOpen(state, alarmId);
      const text = command.data.text.trim();
      if (text.length === 0 || text.length > ALARM_COMMENT_MAX_LENGTH) {
        throw new AlarmError('ALARM_COMMENT_INVALID', `a comment has 1 to ${ALARM_COMMENT_MAX_LENGTH} characters`);
      }
      return [{ type: 'AlarmCommented', data: { alarmId, text, byUserId, at: now } }];
    }
    case 'CloseAlarm': {
      const { alarmId, reasonsForClosing, byUserId, now } = command.data;
      requireOpen(state, alarmId);
      const reason = command.data.reason?.trim();
      if (reasonsForClosing.enabled) {
        if (reason === undefined || reason === '') {
          throw new AlarmError('ALARM_CLOSING_REASON_REQUIRED', `alarm ${alarmId} needs a reason for closing`);
        }
        if (!reasonsForClosing.reasons.includes(reason)) {
          throw new AlarmError('ALARM_CLOSING_REASON_UNKNOWN', `${reason} is not a reason for closing`);
        }
      }
      return [
        {
          type: 'AlarmClosed',
          data: { alarmId, ...(reason === undefined || reason === '' ? {} : { reason }), byUserId, at: now },
        },
      ];
    }
    case 'ExpireAlarm': {
      const { alarmId, reason, retentionDays, byUserId, now } = command.data;
      if (state.status === 'None') {
        throw new AlarmError('ALARM_NOT_FOUND', `alarm ${alarmId} does not exist`);
      }
      const expected = reason === 'closedAlarmsRetention' ? 'Closed' : 'Open';
      if (state.status !== expected) {
        return []; // expired already (a re-run), or closed since it was chosen: nothing to do now
      }
      return [{ type: 'AlarmExpired', data: { alarmId, reason, retentionDays, byUserId, at: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveAlarm = (state: AlarmState, event: AlarmEvent): AlarmState => {
  if (event.type === 'AlarmRaised') {
    const { alarmId, priority, ownerId } = event.data;
    return state.status === 'None'
      ? { status: 'Open', alarmId, stateLevel: ALARM_STATE_LEVELS.new, priority, ...(ownerId ? { ownerId } : {}) }
      : state;
  }
  if (event.type === 'AlarmExpired') {
    return state.status === 'None' ? state : { status: 'Expired', alarmId: state.alarmId };
  }
  if (state.status !== 'Open') {
    return state;
  }
  switch (event.type) {
    case 'AlarmAcknowledged':
      return { ...state, stateLevel: ALARM_STATE_LEVELS.inProgress, ownerId: state.ownerId ?? event.data.byUserId };
    case 'AlarmAssigned':
      return { ...state, ownerId: event.data.ownerId };
    case 'AlarmPriorityChanged':
      return { ...state, priority: event.data.priority };
    case 'AlarmStateChanged':
      return { ...state, stateLevel: event.data.stateLevel };
    case 'AlarmCommented':
      return state;
    case 'AlarmClosed':
      return {
        status: 'Closed',
        alarmId: state.alarmId,
        ...(event.data.reason === undefined ? {} : { reason: event.data.reason }),
      };
    default:
      return assertNever(event);
  }
};

export const alarmDecider = {
  decide: decideAlarm,
  evolve: evolveAlarm,
  initialState: initialAlarmState,
} satisfies AccessDecider<AlarmState, AlarmCommand, AlarmEvent>;
