import type { StoredEvent } from '../event-store/event-store.port';
import { formatPosition } from '../event-store/global-position';
import type { AlarmEvent, AlarmRaised } from './alarm.events';
import { ALARM_STREAM_PREFIX, isAlarmEventType } from './alarm.events';
import type { AlarmSource } from './alarm-visibility';

/**
 * What operators' sockets receive: one message per alarm event, in the event store's global order. `position` is
 * the event's global position: a client that reconnects sends the last one it saw and receives everything after
 * it. `revision` is the event's number within its alarm (0 for AlarmRaised): a client that also loads the alarm
 * list over REST (whose rows carry the same `revision`) applies a row or a message only when it is newer than what it
 * has. `expired` (AlarmExpired) says the alarm's retention passed: it has left the alarm list and is no longer
 * served, as if it had never existed. This is the documented protocol of the `/alarms` socket namespace (README).
 */
export type AlarmFeedKind = 'raised' | 'changed' | 'closed' | 'expired'; // persisted in clients: do not rename

export type AlarmFeedMessage = Readonly<{
  position: string;
  alarmId: string;
  revision: number;
  kind: AlarmFeedKind;
  type: AlarmEvent['type'];
  data: AlarmEvent['data'];
  /** When the event was stored (epoch ms). */
  recordedAt: number;
}>;

const kindOf = (type: AlarmEvent['type']): AlarmFeedKind => {
  switch (type) {
    case 'AlarmRaised':
      return 'raised';
    case 'AlarmClosed':
      return 'closed';
    case 'AlarmExpired':
      return 'expired';
    default:
      return 'changed';
  }
};

/** The message for a stored alarm event; undefined for anything else. */
export const alarmFeedMessageOf = (event: StoredEvent): AlarmFeedMessage | undefined => {
  if (!event.streamId.startsWith(ALARM_STREAM_PREFIX) || !isAlarmEventType(event.type)) {
    return undefined;
  }
  const data = event.data as AlarmEvent['data'];
  return {
    position: formatPosition(event.position),
    alarmId: event.streamId.slice(ALARM_STREAM_PREFIX.length),
    revision: Number(event.revision),
    kind: kindOf(event.type),
    type: event.type,
    data,
    recordedAt: event.recordedAt.getTime(),
  };
};

/** The source of an alarm from its AlarmRaised event. */
export const alarmSourceOf = (raised: AlarmRaised['data']): AlarmSource => ({
  alarmDefinitionId: raised.alarmDefinitionId,
  ...(raised.sourceDeviceId === undefined ? {} : { sourceDeviceId: raised.sourceDeviceId }),
});
