import { aSchedule, everyDay } from '../../../../libs/domain/src/time-profiles/testing/time-profile.fixtures';
import { emptyRuleCatalog, type RuleCatalog, type RuleDefinition, type TimeProfile } from '@vigil/domain';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { HOUR, marblesAt, unsubscribeAt } from './marbles.testing';
import { timeTriggerSchedule } from './time-trigger-schedule';

const T0 = Date.parse('2026-03-28T00:00:00Z'); // Saturday; Copenhagen moves to summer time on Sunday at 02:00
const iso = (at: number): string => new Date(at).toISOString().slice(5, 16);

const officeHours: TimeProfile = aSchedule([everyDay('08:00', '17:00')]);

const intervalRule = (overrides: Partial<RuleDefinition> = {}): RuleDefinition => ({
  id: 'r-office',
  name: 'Feed in office hours',
  description: '',
  active: true,
  trigger: { kind: 'timeInterval', timeProfileId: officeHours.id, edge: 'entering' },
  conditions: [],
  actions: [{ type: 'StartFeed', target: { kind: 'devices', deviceIds: ['cam-1'] } }],
  stop: { criterion: { kind: 'intervalEnds' }, actions: [{ type: 'StopFeed', delaySeconds: 0 }] },
  ...overrides,
});

const recurringRule: RuleDefinition = {
  id: 'r-nightly',
  name: 'Nightly log',
  description: '',
  active: true,
  trigger: {
    kind: 'recurring',
    recurrence: {
      pattern: { kind: 'daily', everyNDays: 1 },
      startDate: '2026-03-01',
      at: '02:30',
      timeZone: 'Europe/Copenhagen',
    },
  },
  conditions: [],
  actions: [{ type: 'MakeLogEntry', text: 'nightly' }],
};

const catalogOf = (...rules: RuleDefinition[]): RuleCatalog => ({
  ...emptyRuleCatalog(),
  rules: new Map(rules.map((rule) => [rule.id, { rule, version: 1 }])),
  timeProfiles: new Map([[officeHours.id, officeHours]]),
});

describe('timeTriggerSchedule', () => {
  let rx: TestScheduler;
  beforeEach(() => {
    rx = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('given office hours in Copenhagen, then it schedules each entry and end, one ahead, with 23 h across the DST change', () => {
    rx.run(({ cold, expectObservable }) => {
      // Given the catalog at T0
      const catalogs = cold('a', { a: catalogOf(intervalRule()) });
      // When the schedule runs for 35 virtual hours
      const schedule = timeTriggerSchedule(catalogs, rx, T0).pipe(map((due) => `${due.edge} ${iso(due.dueAt)}`));
      // Then each trigger is emitted when the previous one is due: entering 08:00 CET (07:00Z) on Saturday, leaving
      // 17:00 CET, entering 08:00 CEST (06:00Z) on Sunday - 23 h after Saturday's - and leaving 17:00 CEST.
      expectObservable(schedule, unsubscribeAt(35 * HOUR)).toBe(
        marblesAt([0, 'a'], [7 * HOUR, 'b'], [16 * HOUR, 'c'], [30 * HOUR, 'd']),
        { a: 'entering 03-28T07:00', b: 'leaving 03-28T16:00', c: 'entering 03-29T06:00', d: 'leaving 03-29T15:00' },
      );
    });
  });

  it('given a recurring time inside the spring-forward gap, then it fires at the end of the gap that night only', () => {
    rx.run(({ cold, expectObservable }) => {
      const catalogs = cold('a', { a: catalogOf(recurringRule) });
      const schedule = timeTriggerSchedule(catalogs, rx, T0).pipe(map((due) => `${due.edge} ${iso(due.dueAt)}`));
      // 02:30 CET = 01:30Z; on Sunday 02:30 does not exist, so 03:00 CEST = 01:00Z; from Monday 02:30 CEST = 00:30Z;
      // each is emitted when the one before it is due
      expectObservable(schedule, unsubscribeAt(50 * HOUR)).toBe(
        marblesAt([0, 'a'], [1.5 * HOUR, 'b'], [25 * HOUR, 'c'], [48.5 * HOUR, 'd']),
        {
          a: 'recurring 03-28T01:30',
          b: 'recurring 03-29T01:00',
          c: 'recurring 03-30T00:30',
          d: 'recurring 03-31T00:30',
        },
      );
    });
  });

  it('given the rule deactivated by a new catalog, then nothing more is scheduled for it', () => {
    rx.run(({ cold, expectObservable }) => {
      const catalogs = cold(marblesAt([0, 'a'], [10 * HOUR, 'b']), {
        a: catalogOf(intervalRule()),
        b: catalogOf(intervalRule({ active: false })),
      });
      const schedule = timeTriggerSchedule(catalogs, rx, T0).pipe(map((due) => `${due.edge} ${iso(due.dueAt)}`));
      expectObservable(schedule, unsubscribeAt(40 * HOUR)).toBe(marblesAt([0, 'a'], [7 * HOUR, 'b']), {
        a: 'entering 03-28T07:00',
        b: 'leaving 03-28T16:00',
      });
    });
  });
});
