import type { RuleDefinition, RuleIntervalEdge, RuleRecurrence, RuleStop } from '../rules/rule';
import type { ScheduleTimeProfile, TimeProfile } from '../time-profiles/time-profile';
import { ALWAYS_TIME_PROFILE, ALWAYS_TIME_PROFILE_ID } from '../time-profiles/time-profile';
import { rule, T0 } from './testing/rule-engine.fixtures';
import { nextRecurrence, nextTimeTrigger } from './time-triggers';

const HOUR = 3_600_000;

/** Every day 08:00-17:00 UTC. */
const officeHours: ScheduleTimeProfile = {
  id: 'tp-office',
  name: 'Office',
  description: '',
  timeZone: 'UTC',
  kind: 'schedule',
  entries: [
    {
      type: 'recurring',
      startTime: '08:00',
      endTime: '17:00',
      pattern: { kind: 'daily', everyNDays: 1 },
      range: { startDate: '2026-01-01', end: { kind: 'never' } },
    },
  ],
};
const profiles: ReadonlyMap<string, TimeProfile> = new Map([[officeHours.id, officeHours]]);

const intervalRule = (edge: RuleIntervalEdge, stop?: RuleStop, timeProfileId = officeHours.id): RuleDefinition =>
  rule({
    id: `r-${edge}`,
    trigger: { kind: 'timeInterval', timeProfileId, edge },
    actions: [{ type: 'MakeLogEntry', text: edge }],
    stop,
  });

const recurrence = (overrides: Partial<RuleRecurrence> = {}): RuleRecurrence => ({
  pattern: { kind: 'daily', everyNDays: 1 },
  startDate: '2026-01-01',
  at: '09:30',
  timeZone: 'Europe/Copenhagen',
  ...overrides,
});

const MONDAY_17 = Date.UTC(2026, 0, 5, 17, 0);
const TUESDAY_08 = Date.UTC(2026, 0, 6, 8, 0);

describe('nextTimeTrigger', () => {
  it("given an 'entering' interval rule inside its profile, when asked after now, then the next entering is due (the leaving is skipped)", () => {
    expect(nextTimeTrigger(intervalRule('entering'), 7, profiles, T0)).toEqual({
      ruleId: 'r-entering',
      ruleVersion: 7,
      edge: 'entering',
      dueAt: TUESDAY_08,
    });
  });

  it("given a 'leaving' interval rule, then the next leaving is due", () => {
    expect(nextTimeTrigger(intervalRule('leaving'), 3, profiles, T0)).toEqual({
      ruleId: 'r-leaving',
      ruleVersion: 3,
      edge: 'leaving',
      dueAt: MONDAY_17,
    });
    // From the leaving instant itself, the next leaving is a day later.
    expect(nextTimeTrigger(intervalRule('leaving'), 3, profiles, MONDAY_17)?.dueAt).toBe(MONDAY_17 + 24 * HOUR);
  });

  it("given a 'both' interval rule, then whichever transition comes first is due", () => {
    expect(nextTimeTrigger(intervalRule('both'), 1, profiles, T0)).toMatchObject({ edge: 'leaving', dueAt: MONDAY_17 });
    expect(nextTimeTrigger(intervalRule('both'), 1, profiles, MONDAY_17)).toMatchObject({
      edge: 'entering',
      dueAt: TUESDAY_08,
    });
  });

  it("given an 'entering' rule with an 'intervalEnds' stop, then the leaving edge is due too", () => {
    const stopAtEnd: RuleStop = {
      criterion: { kind: 'intervalEnds' },
      actions: [{ type: 'MakeLogEntry', text: 'end' }],
    };
    const withStop = intervalRule('entering', stopAtEnd);

    expect(nextTimeTrigger(withStop, 2, profiles, T0)).toMatchObject({ edge: 'leaving', dueAt: MONDAY_17 });
    expect(nextTimeTrigger(withStop, 2, profiles, MONDAY_17)).toMatchObject({ edge: 'entering', dueAt: TUESDAY_08 });
  });

  it('given an inactive rule, an event rule, a missing profile or the Always profile, then nothing is due', () => {
    const withAlways = new Map<string, TimeProfile>([...profiles, [ALWAYS_TIME_PROFILE_ID, ALWAYS_TIME_PROFILE]]);

    expect(nextTimeTrigger({ ...intervalRule('entering'), active: false }, 1, profiles, T0)).toBeUndefined();
    expect(nextTimeTrigger(rule({ id: 'r-event' }), 1, profiles, T0)).toBeUndefined();
    expect(nextTimeTrigger(intervalRule('both', undefined, 'tp-deleted'), 1, profiles, T0)).toBeUndefined();
    expect(nextTimeTrigger(intervalRule('both', undefined, ALWAYS_TIME_PROFILE_ID), 1, withAlways, T0)).toBeUndefined();
    expect(nextTimeTrigger(intervalRule('both', undefined, ALWAYS_TIME_PROFILE_ID), 1, profiles, T0)).toBeUndefined();
  });

  it('given a recurring rule, then its next occurrence is due as a recurring edge; inactive, nothing', () => {
    const recurring = rule({
      id: 'r-daily',
      trigger: { kind: 'recurring', recurrence: recurrence() },
      stop: undefined,
    });

    expect(nextTimeTrigger(recurring, 4, new Map(), T0)).toEqual({
      ruleId: 'r-daily',
      ruleVersion: 4,
      edge: 'recurring',
      dueAt: Date.UTC(2026, 0, 6, 8, 30), // 09:30 CET
    });
    expect(nextTimeTrigger({ ...recurring, active: false }, 4, new Map(), T0)).toBeUndefined();
  });
});

describe('nextRecurrence', () => {
  it('given a daily recurrence at 09:30 Copenhagen, when asked on Monday 11:00 local, then Tuesday 09:30 CET is next', () => {
    expect(nextRecurrence(recurrence(), T0)).toBe(Date.UTC(2026, 0, 6, 8, 30));
    // Earlier the same morning, today's occurrence is next.
    expect(nextRecurrence(recurrence(), Date.UTC(2026, 0, 5, 6, 0))).toBe(Date.UTC(2026, 0, 5, 8, 30));
  });

  it('given a weekly recurrence on Wednesdays, then the coming Wednesday is next', () => {
    const weekly = recurrence({ pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [3] } });
    expect(nextRecurrence(weekly, T0)).toBe(Date.UTC(2026, 0, 7, 8, 30));
  });

  it('given a monthly recurrence on day 15, then the 15th is next, and in summer it is read in CEST', () => {
    const monthly = recurrence({ pattern: { kind: 'monthly', everyNMonths: 1, on: { kind: 'dayOfMonth', day: 15 } } });
    expect(nextRecurrence(monthly, T0)).toBe(Date.UTC(2026, 0, 15, 8, 30));
    expect(nextRecurrence(monthly, Date.UTC(2026, 5, 1))).toBe(Date.UTC(2026, 5, 15, 7, 30));
  });

  it('given a start date in the future, then the first occurrence is on the start date', () => {
    expect(nextRecurrence(recurrence({ startDate: '2026-02-01' }), T0)).toBe(Date.UTC(2026, 1, 1, 8, 30));
  });

  it('given an occurrence exactly at `after`, then it is not returned (strictly after)', () => {
    const tuesday = Date.UTC(2026, 0, 6, 8, 30);
    expect(nextRecurrence(recurrence(), tuesday - 1)).toBe(tuesday);
    expect(nextRecurrence(recurrence(), tuesday)).toBe(tuesday + 24 * HOUR);
  });

  it('given 02:30 Copenhagen on the spring-forward day 2026-03-29, then the end of the gap (03:00 CEST = 01:00Z) is used', () => {
    const nightly = recurrence({ at: '02:30' });
    expect(nextRecurrence(nightly, Date.UTC(2026, 2, 28, 12, 0))).toBe(Date.UTC(2026, 2, 29, 1, 0));
    // The day after, 02:30 CEST exists again.
    expect(nextRecurrence(nightly, Date.UTC(2026, 2, 29, 1, 0))).toBe(Date.UTC(2026, 2, 30, 0, 30));
  });

  it('given 02:30 Copenhagen on the fall-back day 2026-10-25, then the first of the two instants is used, once', () => {
    const nightly = recurrence({ at: '02:30' });
    const first = Date.UTC(2026, 9, 25, 0, 30); // 02:30 CEST
    expect(nextRecurrence(nightly, Date.UTC(2026, 9, 24, 12, 0))).toBe(first);
    // After the first 02:30, the repeated 02:30 CET (01:30Z) does not fire again: the next is the 26th, 02:30 CET.
    expect(nextRecurrence(nightly, first)).toBe(Date.UTC(2026, 9, 26, 1, 30));
  });

  it('given an invalid time or start date, then nothing is due', () => {
    expect(nextRecurrence(recurrence({ at: '25:00' }), T0)).toBeUndefined();
    expect(nextRecurrence(recurrence({ startDate: '2026-13-45' }), T0)).toBeUndefined();
  });
});
