import type { AlarmEvent } from '../alarms/alarm.events';
import { assertNever } from '../shared';
import type { AuditContext, AuditEntry } from './audit-entry';

/**
 * The audit entry of an operator's handling of an alarm (FEATURES 5.3.3): who acknowledged, assigned, reprioritised,
 * moved, commented or closed which alarm, when and from where, and which alarms the retention removed (by `system`).
 * AlarmRaised is the alarm engine's, not a person's: it is in the alarm's history, not in the audit log.
 */
export const toAlarmAuditEntry = (event: AlarmEvent, context: AuditContext): AuditEntry | undefined => {
  if (event.type === 'AlarmRaised') {
    return undefined;
  }
  const entry = {
    at: event.data.at,
    category: 'alarms',
    action: event.type,
    actorId: event.data.byUserId,
    targetId: event.data.alarmId,
    ...(context.address ? { address: context.address } : {}),
    permitted: true,
  } as const;
  switch (event.type) {
    case 'AlarmAcknowledged':
      return { ...entry, details: {} };
    case 'AlarmAssigned':
      return {
        ...entry,
        details: {
          ownerId: event.data.ownerId,
          ...(event.data.previousOwnerId === undefined ? {} : { previousOwnerId: event.data.previousOwnerId }),
        },
      };
    case 'AlarmPriorityChanged':
      return { ...entry, details: { priority: event.data.priority, previousPriority: event.data.previousPriority } };
    case 'AlarmStateChanged':
      return {
        ...entry,
        details: { stateLevel: event.data.stateLevel, previousStateLevel: event.data.previousStateLevel },
      };
    case 'AlarmCommented':
      return { ...entry, details: { text: event.data.text } };
    case 'AlarmClosed':
      return { ...entry, details: event.data.reason === undefined ? {} : { reason: event.data.reason } };
    case 'AlarmExpired':
      return { ...entry, details: { reason: event.data.reason, retentionDays: event.data.retentionDays } };
    default:
      return assertNever(event);
  }
};
