import { dayNumberOf, parseLocalDate } from './local-date';
import { compileRecurrence, occurrenceIndex, occursOn } from './recurrence';
import type { RecurrencePattern, RecurrenceRange } from './time-profile';

const day = (text: string): number => parseLocalDate(text) ?? Number.NaN;

const recurrence = (pattern: RecurrencePattern, range: Partial<RecurrenceRange> = {}) =>
  compileRecurrence({
    type: 'recurring',
    startTime: '08:00',
    endTime: '16:00',
    pattern,
    range: { startDate: '2026-03-02', end: { kind: 'never' }, ...range },
  });

/** The local dates, from..to inclusive, on which an occurrence starts. */
const datesBetween = (sut: ReturnType<typeof recurrence>, from: string, to: string): string[] => {
  const dates: string[] = [];
  for (let d = day(from); d <= day(to); d++) {
    if (occursOn(sut, d)) {
      dates.push(new Date(d * 86_400_000).toISOString().slice(0, 10));
    }
  }
  return dates;
};

describe('recurrence', () => {
  describe('daily', () => {
    it('repeats every N days from the range start', () =>
      expect(datesBetween(recurrence({ kind: 'daily', everyNDays: 3 }), '2026-02-27', '2026-03-12')).toEqual([
        '2026-03-02',
        '2026-03-05',
        '2026-03-08',
        '2026-03-11',
      ]));

    it('stops after N occurrences', () =>
      expect(
        datesBetween(
          recurrence({ kind: 'daily', everyNDays: 2 }, { end: { kind: 'after', occurrences: 3 } }),
          '2026-03-01',
          '2026-03-31',
        ),
      ).toEqual(['2026-03-02', '2026-03-04', '2026-03-06']));

    it('stops by a date, which is included', () =>
      expect(
        datesBetween(
          recurrence({ kind: 'daily', everyNDays: 1 }, { end: { kind: 'by', date: '2026-03-04' } }),
          '2026-03-01',
          '2026-03-31',
        ),
      ).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']));
  });

  describe('weekly', () => {
    // 2026-03-04 is a Wednesday; its ISO week starts on Monday 2026-03-02.
    const tuesdayAndFriday: RecurrencePattern = { kind: 'weekly', everyNWeeks: 2, weekdays: [2, 5] };

    it('repeats on the weekdays of every N-th week, counting from the week of the range start', () =>
      expect(
        datesBetween(recurrence(tuesdayAndFriday, { startDate: '2026-03-04' }), '2026-03-01', '2026-03-31'),
      ).toEqual(['2026-03-06', '2026-03-17', '2026-03-20', '2026-03-31']));

    it('counts occurrences from the range start, not from the start of its week', () => {
      const sut = recurrence(tuesdayAndFriday, { startDate: '2026-03-04', end: { kind: 'after', occurrences: 3 } });
      expect(occurrenceIndex(sut, day('2026-03-06'))).toBe(0);
      expect(occurrenceIndex(sut, day('2026-03-17'))).toBe(1);
      expect(occurrenceIndex(sut, day('2026-03-20'))).toBe(2);
      expect(datesBetween(sut, '2026-03-01', '2026-04-30')).toEqual(['2026-03-06', '2026-03-17', '2026-03-20']);
    });

    it('treats Sunday as the last day of a week', () =>
      expect(
        datesBetween(recurrence({ kind: 'weekly', everyNWeeks: 2, weekdays: [0, 1] }), '2026-03-01', '2026-03-22'),
      ).toEqual(['2026-03-02', '2026-03-08', '2026-03-16', '2026-03-22']));
  });

  describe('monthly', () => {
    it('takes day 15 of every 3 months (S2:7784)', () =>
      expect(
        datesBetween(
          recurrence({ kind: 'monthly', everyNMonths: 3, on: { kind: 'dayOfMonth', day: 15 } }),
          '2026-01-01',
          '2026-12-31',
        ),
      ).toEqual(['2026-03-15', '2026-06-15', '2026-09-15', '2026-12-15']));

    it('moves day 31 to the last day of shorter months', () =>
      expect(
        datesBetween(
          recurrence({ kind: 'monthly', everyNMonths: 1, on: { kind: 'dayOfMonth', day: 31 } }),
          '2026-03-01',
          '2026-06-30',
        ),
      ).toEqual(['2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']));

    it.each([
      [1, 1, ['2026-03-02', '2026-04-06', '2026-05-04']], // first Monday
      [3, 3, ['2026-03-18', '2026-04-15', '2026-05-20']], // third Wednesday
      ['last', 5, ['2026-03-27', '2026-04-24', '2026-05-29']], // last Friday
    ] as const)('takes weekday-of-month ordinal %p, weekday %p', (ordinal, weekday, expected) =>
      expect(
        datesBetween(
          recurrence({ kind: 'monthly', everyNMonths: 1, on: { kind: 'weekdayOfMonth', ordinal, weekday } }),
          '2026-03-01',
          '2026-05-31',
        ),
      ).toEqual(expected),
    );

    it('does not count a first-month day that falls before the range start', () => {
      const sut = recurrence(
        { kind: 'monthly', everyNMonths: 1, on: { kind: 'dayOfMonth', day: 1 } },
        { startDate: '2026-03-02', end: { kind: 'after', occurrences: 2 } },
      );
      expect(datesBetween(sut, '2026-02-01', '2026-07-31')).toEqual(['2026-04-01', '2026-05-01']);
      expect(occurrenceIndex(sut, dayNumberOf(2026, 4, 1))).toBe(0);
    });
  });
});
