import type { StoredEvent } from '../event-store/event-store.port';
import type { RuleDefinition } from '../rules/rule';
import { ruleStream } from '../rules/rule.events';
import type { TimeProfile } from '../time-profiles/time-profile';
import { timeProfileStream } from '../time-profiles/time-profile.events';
import type { RuleCatalog } from './rule-catalog';
import { emptyRuleCatalog, evolveRuleCatalog, isRuleCatalogEvent } from './rule-catalog';
import { rule, stored, T0 } from './testing/rule-engine.fixtures';

const ruleEvent = (type: string, ruleId: string, data: object): StoredEvent =>
  stored(type, { byUserId: 'u-1', at: T0, ...data }, { streamId: ruleStream(ruleId) });

const created = (definition: RuleDefinition, version = 1) =>
  ruleEvent('RuleCreated', definition.id, { rule: definition, version });

const profile = (id: string, name = id): TimeProfile => ({
  id,
  name,
  description: '',
  timeZone: 'UTC',
  kind: 'always',
});

const profileEvent = (type: string, id: string, data: object): StoredEvent =>
  stored(type, { byUserId: 'u-1', at: T0, ...data }, { streamId: timeProfileStream(id) });

const versions = (catalog: RuleCatalog) =>
  [...catalog.rules.entries()].map(([id, { rule: r, version }]) => [id, version, r.active, r.name]);

describe('evolveRuleCatalog', () => {
  it('given rules created, updated, deactivated, activated and deleted, then the catalog holds each with its version', () => {
    const r1 = rule({ id: 'r-1' });
    const r2 = rule({ id: 'r-2' });

    const catalog = evolveRuleCatalog(emptyRuleCatalog(), [
      created(r1),
      created(r2),
      ruleEvent('RuleUpdated', 'r-1', { rule: { ...r1, name: 'renamed' }, version: 2 }),
      ruleEvent('RuleDeactivated', 'r-1', { ruleId: 'r-1', version: 3 }),
      ruleEvent('RuleDeactivated', 'r-2', { ruleId: 'r-2', version: 2 }),
      ruleEvent('RuleActivated', 'r-2', { ruleId: 'r-2', version: 3 }),
    ]);
    const deleted = evolveRuleCatalog(catalog, [ruleEvent('RuleDeleted', 'r-2', { ruleId: 'r-2' })]);

    expect(versions(catalog)).toEqual([
      ['r-1', 3, false, 'renamed'],
      ['r-2', 3, true, 'r-2'],
    ]);
    expect(versions(deleted)).toEqual([['r-1', 3, false, 'renamed']]);
    expect(versions(catalog)).toHaveLength(2); // the earlier catalog is not changed
  });

  it('given an activation of an unknown rule, then nothing is added', () => {
    const catalog = evolveRuleCatalog(emptyRuleCatalog(), [
      ruleEvent('RuleActivated', 'r-ghost', { ruleId: 'r-ghost', version: 2 }),
    ]);
    expect(catalog.rules.size).toBe(0);
  });

  it('given time profiles created, updated and deleted, then the catalog holds the latest definitions', () => {
    const catalog = evolveRuleCatalog(emptyRuleCatalog(), [
      profileEvent('TimeProfileCreated', 'tp-1', { profile: profile('tp-1') }),
      profileEvent('TimeProfileCreated', 'tp-2', { profile: profile('tp-2') }),
      profileEvent('TimeProfileUpdated', 'tp-1', { profile: profile('tp-1', 'Renamed') }),
      profileEvent('TimeProfileDeleted', 'tp-2', { timeProfileId: 'tp-2' }),
    ]);

    expect([...catalog.timeProfiles.values()]).toEqual([profile('tp-1', 'Renamed')]);
  });

  it('given only unrelated events, then the same catalog object comes back', () => {
    const catalog = evolveRuleCatalog(emptyRuleCatalog(), [created(rule({ id: 'r-1' }))]);
    const unrelated = [
      stored('MotionStarted', { cameraId: 'cam-1', at: T0 }),
      stored('RuleCreated', { rule: rule({ id: 'r-x' }), version: 1 }, { streamId: 'camera-cam-1' }),
      stored('RuleFired', { ruleId: 'r-1' }, { streamId: 'rulefiring-2026-01-05' }),
      stored('TimeProfileCreated', { profile: profile('tp-x') }, { streamId: ruleStream('r-1') }),
    ];

    expect(evolveRuleCatalog(catalog, unrelated)).toBe(catalog);
    expect(evolveRuleCatalog(catalog, [])).toBe(catalog);
  });

  it('given events of a rule stream with a non-rule type, then they are ignored among catalog events', () => {
    const odd = stored(
      'RuleNoteAdded',
      { ruleId: 'r-1', rule: rule({ id: 'r-odd' }), version: 9 },
      { streamId: ruleStream('r-1') },
    );
    const catalog = evolveRuleCatalog(emptyRuleCatalog(), [odd, created(rule({ id: 'r-1' })), odd]);

    expect(isRuleCatalogEvent(odd)).toBe(false);
    expect(versions(catalog)).toEqual([['r-1', 1, true, 'r-1']]);
  });
});
