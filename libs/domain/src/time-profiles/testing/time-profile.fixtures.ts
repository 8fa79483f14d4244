import type { DayLengthTimeProfile, RecurringPeriod, ScheduleEntry, ScheduleTimeProfile } from '../time-profile';

/** Test fixtures: profiles built from a few overrides. */

export const aSchedule = (
  entries: readonly ScheduleEntry[],
  overrides: Partial<Omit<ScheduleTimeProfile, 'kind' | 'entries'>> = {},
): ScheduleTimeProfile => ({
  id: 'tp-office',
  name: 'Office hours',
  description: '',
  timeZone: 'Europe/Copenhagen',
  kind: 'schedule',
  entries,
  ...overrides,
});

export const everyDay = (
  startTime: string,
  endTime: string,
  overrides: Partial<Omit<RecurringPeriod, 'type'>> = {},
): RecurringPeriod => ({
  type: 'recurring',
  startTime,
  endTime,
  pattern: { kind: 'daily', everyNDays: 1 },
  range: { startDate: '2026-01-01', end: { kind: 'never' } },
  ...overrides,
});

export const aDayLength = (overrides: Partial<Omit<DayLengthTimeProfile, 'kind'>> = {}): DayLengthTimeProfile => ({
  id: 'tp-daylight',
  name: 'Daylight',
  description: '',
  timeZone: 'Europe/Copenhagen',
  kind: 'dayLength',
  latitude: 55.6761,
  longitude: 12.5683,
  sunriseOffsetMinutes: 0,
  sunsetOffsetMinutes: 0,
  ...overrides,
});
