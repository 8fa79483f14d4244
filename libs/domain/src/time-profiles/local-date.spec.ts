import {
  civilDateOf,
  dayNumberOf,
  daysInMonth,
  mondayOf,
  parseLocalDate,
  parseLocalDateTime,
  parseTimeOfDay,
  weekdayOf,
} from './local-date';

describe('local dates', () => {
  it('numbers days from 1970-01-01 and back', () => {
    expect(dayNumberOf(1970, 1, 1)).toBe(0);
    expect(dayNumberOf(1969, 12, 31)).toBe(-1);
    expect(civilDateOf(dayNumberOf(2028, 2, 29))).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('knows weekdays, Mondays and month lengths', () => {
    expect(weekdayOf(dayNumberOf(2026, 3, 29))).toBe(0); // a Sunday
    expect(weekdayOf(dayNumberOf(1969, 12, 31))).toBe(3); // a Wednesday
    expect(mondayOf(dayNumberOf(2026, 3, 29))).toBe(dayNumberOf(2026, 3, 23));
    expect(mondayOf(dayNumberOf(2026, 3, 23))).toBe(dayNumberOf(2026, 3, 23));
    expect([daysInMonth(2026, 2), daysInMonth(2028, 2), daysInMonth(2026, 12)]).toEqual([28, 29, 31]);
  });

  it.each(['2026-02-29', '2026-13-01', '26-01-01', '2026-1-01', '0099-01-01', ''])('refuses the date %p', (text) =>
    expect(parseLocalDate(text)).toBeUndefined(),
  );

  it.each(['24:00', '12:60', '7:30', '07:30:00', ''])('refuses the time %p', (text) =>
    expect(parseTimeOfDay(text)).toBeUndefined(),
  );

  it('parses times and date-times', () => {
    expect(parseTimeOfDay('23:59')).toBe(1_439);
    expect(parseLocalDateTime('1970-01-02T01:30')).toBe(Date.UTC(1970, 0, 2, 1, 30));
    expect(parseLocalDateTime('2026-01-02 01:30')).toBeUndefined();
  });
});
