import { deciderSpec } from '../access/testing/decider-spec';
import { triggerUserDefinedEvent, userDefinedEventDecider } from './user-defined-event.decider';
import type { UserDefinedEventCreated } from './user-defined-event.events';

const given = deciderSpec(userDefinedEventDecider);
const id = 'ude-1';
const created: UserDefinedEventCreated = {
  type: 'UserDefinedEventCreated',
  data: { userDefinedEventId: id, name: 'Door forced', byUserId: 'admin', at: 1 },
};

describe('user-defined event decider', () => {
  it('creates with a trimmed name, once', () => {
    given([])
      .when({
        type: 'CreateUserDefinedEvent',
        data: { userDefinedEventId: id, name: ' Door forced ', byUserId: 'admin', now: 1 },
      })
      .then([created]);
    given([created])
      .when({
        type: 'CreateUserDefinedEvent',
        data: { userDefinedEventId: id, name: 'Again', byUserId: 'admin', now: 2 },
      })
      .thenThrows('USER_DEFINED_EVENT_ALREADY_EXISTS');
  });

  it('refuses a blank or overlong name', () => {
    for (const name of ['  ', 'x'.repeat(101)]) {
      given([])
        .when({ type: 'CreateUserDefinedEvent', data: { userDefinedEventId: id, name, byUserId: 'a', now: 1 } })
        .thenThrows('USER_DEFINED_EVENT_INVALID');
    }
  });

  it('renames (a same-name rename changes nothing) and deletes; a deleted event accepts nothing', () => {
    const rename = (name: string) => ({
      type: 'RenameUserDefinedEvent' as const,
      data: { userDefinedEventId: id, name, byUserId: 'admin', now: 2 },
    });
    const deleted = {
      type: 'UserDefinedEventDeleted' as const,
      data: { userDefinedEventId: id, byUserId: 'admin', at: 3 },
    };

    given([created]).when(rename('Door forced')).then([]);
    given([created])
      .when(rename('Door held open'))
      .then([
        {
          type: 'UserDefinedEventRenamed',
          data: { userDefinedEventId: id, name: 'Door held open', byUserId: 'admin', at: 2 },
        },
      ]);
    given([created])
      .when({ type: 'DeleteUserDefinedEvent', data: { userDefinedEventId: id, byUserId: 'admin', now: 3 } })
      .then([deleted]);
    given([created, deleted]).when(rename('Back')).thenThrows('USER_DEFINED_EVENT_NOT_FOUND');
  });

  it('triggers an existing event with de-duplicated devices, and refuses an unknown one', () => {
    const state = userDefinedEventDecider.evolve(userDefinedEventDecider.initialState(), created);

    const triggered = triggerUserDefinedEvent(state, {
      triggeredBy: 'op-1',
      deviceIds: ['cam-1', 'cam-1', 'cam-2'],
      now: 5,
    });

    expect(triggered).toEqual({
      type: 'UserDefinedEventTriggered',
      data: {
        userDefinedEventId: id,
        name: 'Door forced',
        triggeredBy: 'op-1',
        deviceIds: ['cam-1', 'cam-2'],
        deviceGroupIds: [],
        at: 5,
      },
    });
    const unknown = () => triggerUserDefinedEvent(userDefinedEventDecider.initialState(), { triggeredBy: 'x', now: 1 });
    expect(unknown).toThrow('no such user-defined event');
  });
});
