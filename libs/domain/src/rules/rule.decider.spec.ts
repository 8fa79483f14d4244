import { deciderSpec } from '../access/testing/decider-spec';
import { ruleDecider } from './rule.decider';
import type { RuleCreated, RuleDeleted } from './rule.events';
import { motionRule, someReferences } from './testing/rule.fixtures';

const given = deciderSpec(ruleDecider);
const references = someReferences({ deviceIds: ['cam-2'] });
const rule = motionRule();
const who = { byUserId: 'admin', now: 1 };
const created: RuleCreated = { type: 'RuleCreated', data: { rule, version: 1, byUserId: 'admin', at: 1 } };
const deleted: RuleDeleted = { type: 'RuleDeleted', data: { ruleId: 'r-1', byUserId: 'admin', at: 1 } };

describe('rule decider', () => {
  it('creates a valid rule once, and refuses an invalid one with every problem', () => {
    given([])
      .when({ type: 'CreateRule', data: { rule, references, ...who } })
      .then([created]);
    given([created])
      .when({ type: 'CreateRule', data: { rule, references, ...who } })
      .thenThrows('RULE_ALREADY_EXISTS');
    const run = () =>
      ruleDecider.decide(
        { type: 'CreateRule', data: { rule: { ...rule, name: '', stop: undefined }, references, ...who } },
        ruleDecider.initialState(),
      );
    let thrown: unknown;
    try {
      run();
    } catch (error: unknown) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'RULE_INVALID',
      details: {
        problems: [
          'RULE_NAME_EMPTY: a rule needs a name',
          'MANDATORY_STOP_ACTION_MISSING: StartRecording needs the stop action StopRecording',
        ],
      },
    });
  });

  it('updates with an incremented version; an unchanged definition changes nothing', () => {
    const renamed = { ...rule, name: 'Renamed' };
    given([created])
      .when({ type: 'UpdateRule', data: { rule, references, ...who } })
      .then([]);
    given([created])
      .when({ type: 'UpdateRule', data: { rule: renamed, references, ...who } })
      .then([{ type: 'RuleUpdated', data: { rule: renamed, version: 2, byUserId: 'admin', at: 1 } }]);
    given([created])
      .when({ type: 'UpdateRule', data: { rule: { ...rule, id: 'other' }, references, ...who } })
      .thenThrows('RULE_INVALID');
    given([])
      .when({ type: 'UpdateRule', data: { rule, references, ...who } })
      .thenThrows('RULE_NOT_FOUND');
  });

  it('deactivates and activates, idempotently, with versions', () => {
    const deactivated = {
      type: 'RuleDeactivated' as const,
      data: { ruleId: 'r-1', version: 2, byUserId: 'admin', at: 1 },
    };
    given([created])
      .when({ type: 'ActivateRule', data: { ruleId: 'r-1', ...who } })
      .then([]);
    given([created])
      .when({ type: 'DeactivateRule', data: { ruleId: 'r-1', ...who } })
      .then([deactivated]);
    given([created, deactivated])
      .when({ type: 'ActivateRule', data: { ruleId: 'r-1', ...who } })
      .then([{ type: 'RuleActivated', data: { ruleId: 'r-1', version: 3, byUserId: 'admin', at: 1 } }]);
  });

  it('deletes; a deleted rule accepts nothing but a re-creation, whose version continues', () => {
    given([created])
      .when({ type: 'DeleteRule', data: { ruleId: 'r-1', ...who } })
      .then([deleted]);
    given([created, deleted])
      .when({ type: 'DeleteRule', data: { ruleId: 'r-1', ...who } })
      .thenThrows('RULE_NOT_FOUND');
    given([created, deleted])
      .when({ type: 'ActivateRule', data: { ruleId: 'r-1', ...who } })
      .thenThrows('RULE_NOT_FOUND');
    given([created, deleted])
      .when({ type: 'CreateRule', data: { rule, references, ...who } })
      .then([{ ...created, data: { ...created.data, version: 2 } }]);
  });

  it('copies a definition to a new id, keeping the name unless one is given', () => {
    given([])
      .when({ type: 'CopyRule', data: { ruleId: 'r-2', source: rule, references, ...who } })
      .then([
        {
          type: 'RuleCreated',
          data: { rule: { ...rule, id: 'r-2' }, version: 1, copiedFromRuleId: 'r-1', byUserId: 'admin', at: 1 },
        },
      ]);
    given([])
      .when({ type: 'CopyRule', data: { ruleId: 'r-2', source: rule, name: ' Night copy ', references, ...who } })
      .then([
        {
          type: 'RuleCreated',
          data: {
            rule: { ...rule, id: 'r-2', name: 'Night copy' },
            version: 1,
            copiedFromRuleId: 'r-1',
            byUserId: 'admin',
            at: 1,
          },
        },
      ]);
    given([created])
      .when({ type: 'CopyRule', data: { ruleId: 'r-1', source: rule, references, ...who } })
      .thenThrows('RULE_ALREADY_EXISTS');
  });
});
