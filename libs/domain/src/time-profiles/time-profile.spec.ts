import type { RecurringPeriod, ScheduleEntry, TimeProfile } from './time-profile';
import { ALWAYS_TIME_PROFILE, timeProfileProblems } from './time-profile';
import { aDayLength, aSchedule, everyDay } from './testing/time-profile.fixtures';

const single = (start: string, end: string, allDay?: boolean): ScheduleEntry => ({
  type: 'single',
  start,
  end,
  ...(allDay === undefined ? {} : { allDay }),
});

/** Data from outside, which the types would refuse. */
const untyped = <T>(value: unknown): T => value as T;

describe('timeProfileProblems', () => {
  it('accepts the built-in Always profile', () => expect(timeProfileProblems(ALWAYS_TIME_PROFILE)).toEqual([]));

  it('accepts a mixed schedule and a day length profile', () => {
    expect(
      timeProfileProblems(
        aSchedule([
          single('2026-12-24T18:00', '2026-12-27T06:00'),
          single('2026-12-31', '2027-01-01', true),
          single('2026-05-01', '2026-05-01', true), // one whole day
          everyDay('22:00', '06:00'),
          everyDay('00:00', '00:00'), // 24 hours
          {
            ...everyDay('08:00', '16:00'),
            pattern: { kind: 'monthly', everyNMonths: 3, on: { kind: 'weekdayOfMonth', ordinal: 'last', weekday: 5 } },
            range: { startDate: '2026-01-01', end: { kind: 'by', date: '2026-01-01' } },
          },
        ]),
      ),
    ).toEqual([]);
    expect(timeProfileProblems(aDayLength({ sunriseOffsetMinutes: -720, sunsetOffsetMinutes: 720 }))).toEqual([]);
  });

  it.each([
    ['an unknown zone', aSchedule([everyDay('08:00', '16:00')], { timeZone: 'Europe/Atlantis' })],
    ['a blank name', aSchedule([everyDay('08:00', '16:00')], { name: '  ' })],
    ['a name over 100 characters', aSchedule([everyDay('08:00', '16:00')], { name: 'x'.repeat(101) })],
    ['a blank id', aSchedule([everyDay('08:00', '16:00')], { id: '' })],
    ['an empty schedule', aSchedule([])],
    ['an unknown kind', untyped<TimeProfile>({ ...ALWAYS_TIME_PROFILE, kind: 'sometimes' })],
  ])('refuses %s', (_, profile) => expect(timeProfileProblems(profile)).toHaveLength(1));

  it.each<[string, ScheduleEntry, string]>([
    ['end before start', single('2026-05-02T08:00', '2026-05-01T08:00'), 'entries[0]: end must be after start'],
    ['an empty period', single('2026-05-01T08:00', '2026-05-01T08:00'), 'entries[0]: end must be after start'],
    [
      'a bad date-time',
      single('2026-02-30T08:00', '2026-03-01T08:00'),
      "entries[0]: start and end must be local date-times 'YYYY-MM-DDTHH:mm'",
    ],
    [
      'dates without allDay',
      single('2026-05-01', '2026-05-02'),
      "entries[0]: start and end must be local date-times 'YYYY-MM-DDTHH:mm'",
    ],
    [
      'an all-day end before start',
      single('2026-05-02', '2026-05-01', true),
      'entries[0]: end date is before start date',
    ],
    [
      'all-day with times',
      single('2026-05-01T00:00', '2026-05-02T00:00', true),
      "entries[0]: an all-day period needs start and end dates 'YYYY-MM-DD'",
    ],
    [
      'a bad start time',
      everyDay('24:00', '06:00'),
      "entries[0]: startTime and endTime must be 'HH:mm' from 00:00 to 23:59",
    ],
    [
      'a bad end time',
      everyDay('08:00', '8:00'),
      "entries[0]: startTime and endTime must be 'HH:mm' from 00:00 to 23:59",
    ],
    [
      'every 0 days',
      everyDay('08:00', '16:00', { pattern: { kind: 'daily', everyNDays: 0 } }),
      'entries[0]: everyNDays must be 1 to 999',
    ],
    [
      'no weekdays',
      everyDay('08:00', '16:00', { pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [] } }),
      'entries[0]: a weekly pattern needs at least one weekday',
    ],
    [
      'a repeated weekday',
      everyDay('08:00', '16:00', { pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [1, 1] } }),
      'entries[0]: weekdays must be distinct numbers 0 (Sunday) to 6 (Saturday)',
    ],
    [
      'weekday 7',
      everyDay('08:00', '16:00', { pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: untyped([7]) } }),
      'entries[0]: weekdays must be distinct numbers 0 (Sunday) to 6 (Saturday)',
    ],
    [
      'every 1.5 weeks',
      everyDay('08:00', '16:00', { pattern: { kind: 'weekly', everyNWeeks: 1.5, weekdays: [1] } }),
      'entries[0]: everyNWeeks must be 1 to 999',
    ],
    [
      'day 32 of the month',
      everyDay('08:00', '16:00', {
        pattern: { kind: 'monthly', everyNMonths: 1, on: { kind: 'dayOfMonth', day: 32 } },
      }),
      'entries[0]: day of month must be 1 to 31',
    ],
    [
      'a fifth Monday',
      everyDay('08:00', '16:00', {
        pattern: { kind: 'monthly', everyNMonths: 1, on: untyped({ kind: 'weekdayOfMonth', ordinal: 5, weekday: 1 }) },
      }),
      "entries[0]: the Nth weekday needs ordinal 1 to 4 or 'last', and weekday 0 to 6",
    ],
    [
      'a monthly pattern with no day',
      everyDay('08:00', '16:00', { pattern: untyped({ kind: 'monthly', everyNMonths: 1 }) }),
      'entries[0]: a monthly pattern needs a day of month or an Nth weekday',
    ],
    [
      'an unknown pattern',
      everyDay('08:00', '16:00', { pattern: untyped({ kind: 'yearly' }) }),
      "entries[0]: unknown recurrence pattern 'yearly'",
    ],
    [
      'a bad range start',
      everyDay('08:00', '16:00', { range: { startDate: '2026/01/01', end: { kind: 'never' } } }),
      "entries[0]: range start date must be 'YYYY-MM-DD'",
    ],
    [
      'zero occurrences',
      everyDay('08:00', '16:00', { range: { startDate: '2026-01-01', end: { kind: 'after', occurrences: 0 } } }),
      'entries[0]: occurrences must be 1 to 999',
    ],
    [
      'a range ending before it starts',
      everyDay('08:00', '16:00', { range: { startDate: '2026-01-02', end: { kind: 'by', date: '2026-01-01' } } }),
      'entries[0]: range ends before it starts',
    ],
    [
      'a range with no end',
      everyDay('08:00', '16:00', { range: untyped({ startDate: '2026-01-01' }) }),
      'entries[0]: range end must be never, after N occurrences, or by a date',
    ],
    ['an unknown period type', untyped({ type: 'sometimes' }), "entries[0]: unknown period type 'sometimes'"],
    ['null for a period', untyped(null), 'entries[0]: a period must be an object'],
  ])('refuses a period with %s', (_, entry, problem) =>
    expect(timeProfileProblems(aSchedule([entry]))).toEqual([problem]),
  );

  it('names the entry at fault', () =>
    expect(
      timeProfileProblems(aSchedule([everyDay('08:00', '16:00'), everyDay('08:00', '16:00', { startTime: 'x' })])),
    ).toEqual(["entries[1]: startTime and endTime must be 'HH:mm' from 00:00 to 23:59"]));

  it.each([
    ['latitude 91', { latitude: 91 }, 'latitude must be from -90 to 90'],
    ['latitude NaN', { latitude: Number.NaN }, 'latitude must be from -90 to 90'],
    ['longitude -181', { longitude: -181 }, 'longitude must be from -180 to 180'],
    [
      'a sunrise offset of 721 minutes',
      { sunriseOffsetMinutes: 721 },
      'sunrise and sunset offsets must be whole minutes from -720 to 720',
    ],
    [
      'a sunset offset of -721 minutes',
      { sunsetOffsetMinutes: -721 },
      'sunrise and sunset offsets must be whole minutes from -720 to 720',
    ],
    [
      'a fractional offset',
      { sunsetOffsetMinutes: 1.5 },
      'sunrise and sunset offsets must be whole minutes from -720 to 720',
    ],
  ])('refuses a day length profile with %s', (_, overrides, problem) =>
    expect(timeProfileProblems(aDayLength(overrides))).toEqual([problem]),
  );

  it('lists every problem at once', () => {
    const recurring: RecurringPeriod = everyDay('25:00', '06:00', { pattern: { kind: 'daily', everyNDays: 0 } });
    expect(timeProfileProblems(aSchedule([recurring], { name: '', timeZone: 'Nowhere' }))).toHaveLength(4);
  });
});
