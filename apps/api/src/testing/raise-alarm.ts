import { randomUUID } from 'node:crypto';
import {
  alarmStream,
  decideAlarm,
  initialAlarmState,
  type EventStore,
  type GlobalPosition,
  type RaiseAlarm,
} from '@vigil/domain';

export type RaisedAlarm = Readonly<{ alarmId: string; position: GlobalPosition }>;

/**
 * Raises an alarm as the alarm engine does (RaiseAlarm decided, AlarmRaised appended to `alarm-<id>`), without the
 * engine: the API's tests need alarms, not the rules that raise them.
 */
export const raiseAlarm = async (
  store: EventStore,
  alarm: Partial<RaiseAlarm['data']> & Pick<RaiseAlarm['data'], 'alarmDefinitionId'>,
): Promise<RaisedAlarm> => {
  const data: RaiseAlarm['data'] = {
    alarmId: randomUUID(),
    name: 'Motion in the lobby',
    priority: 1,
    relatedCameraIds: [],
    triggeringEventId: randomUUID(),
    now: Date.now(),
    ...alarm,
  };
  const events = decideAlarm({ type: 'RaiseAlarm', data }, initialAlarmState());
  const { position } = await store.append(
    alarmStream(data.alarmId),
    events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata: {} })),
    'no_stream',
  );
  return { alarmId: data.alarmId, position };
};
