import { deciderSpec } from '../access/testing/decider-spec';
import type { GenericEventDefinition } from './generic-event-definition';
import { genericEventDefinitionDecider } from './generic-event-definition.decider';

const given = deciderSpec(genericEventDefinitionDecider);
const definition: GenericEventDefinition = {
  id: 'ge-1',
  name: 'Door 53 forced',
  enabled: true,
  expression: '(User001 OR Door053) AND Sunday',
  expressionType: 'search',
  priority: 1,
};
const defined = { type: 'GenericEventDefined' as const, data: { definition, byUserId: 'admin', at: 1 } };

describe('generic event definition decider', () => {
  it('defines a valid event once', () => {
    given([])
      .when({ type: 'DefineGenericEvent', data: { definition, byUserId: 'admin', now: 1 } })
      .then([defined]);
    given([defined])
      .when({ type: 'DefineGenericEvent', data: { definition, byUserId: 'admin', now: 2 } })
      .thenThrows('GENERIC_EVENT_ALREADY_EXISTS');
  });

  it('refuses an invalid expression, priority or type, listing every problem', () => {
    const broken = { ...definition, expression: '(Door053 AND', priority: 1_000_000 };

    given([])
      .when({ type: 'DefineGenericEvent', data: { definition: broken, byUserId: 'admin', now: 1 } })
      .thenThrows('GENERIC_EVENT_INVALID');
  });

  it('redefines and removes an existing event only', () => {
    const changed = { ...definition, priority: 5 };

    given([defined])
      .when({ type: 'RedefineGenericEvent', data: { definition: changed, byUserId: 'admin', now: 2 } })
      .then([{ type: 'GenericEventRedefined', data: { definition: changed, byUserId: 'admin', at: 2 } }]);
    given([])
      .when({ type: 'RemoveGenericEvent', data: { genericEventId: 'ge-1', byUserId: 'admin', now: 2 } })
      .thenThrows('GENERIC_EVENT_NOT_FOUND');
  });
});
