import { getTimes } from 'suncalc';
import type { ScheduleEntry, TimeProfile } from './time-profile';
import { ALWAYS_TIME_PROFILE } from './time-profile';
import { isWithinTimeProfile, nextTransition } from './time-profile.evaluate';
import { aDayLength, aSchedule, everyDay } from './testing/time-profile.fixtures';

const utc = (iso: string): number => Date.parse(iso);
const MINUTE_MS = 60_000;

/** The transitions after `from`, in order, until `to` (at most 20). */
const transitions = (profile: TimeProfile, from: string, to: string): { at: string; entering: boolean }[] => {
  const found: { at: string; entering: boolean }[] = [];
  let after = utc(from);
  for (let next = nextTransition(profile, after); next !== undefined && next.at <= utc(to) && found.length < 20;) {
    found.push({ at: new Date(next.at).toISOString(), entering: next.entering });
    after = next.at;
    next = nextTransition(profile, after);
  }
  return found;
};

const withinAt = (profile: TimeProfile, ...isos: string[]): boolean[] =>
  isos.map((iso) => isWithinTimeProfile(profile, utc(iso)));

describe('time profile evaluation', () => {
  describe('Always', () => {
    it('is always within and never changes', () => {
      expect(withinAt(ALWAYS_TIME_PROFILE, '1970-01-01T00:00:00Z', '2026-03-29T01:00:00Z')).toEqual([true, true]);
      expect(nextTransition(ALWAYS_TIME_PROFILE, 0)).toBeUndefined();
    });
  });

  describe('single periods', () => {
    const sut = aSchedule([{ type: 'single', start: '2026-12-24T18:00', end: '2026-12-27T06:00' }]);

    it('are within from start (included) to end (excluded), in the profile zone', () =>
      expect(
        withinAt(
          sut,
          '2026-12-24T16:59:59.999Z',
          '2026-12-24T17:00:00Z',
          '2026-12-27T04:59:59.999Z',
          '2026-12-27T05:00:00Z',
        ),
      ).toEqual([false, true, true, false]));

    it('report their start and end as transitions, then nothing', () => {
      expect(transitions(sut, '2026-01-01T00:00:00Z', '2027-12-31T00:00:00Z')).toEqual([
        { at: '2026-12-24T17:00:00.000Z', entering: true },
        { at: '2026-12-27T05:00:00.000Z', entering: false },
      ]);
    });

    it('cover whole local days when all-day, end date included, across a DST change', () => {
      const allDay = aSchedule([{ type: 'single', start: '2026-03-28', end: '2026-03-29', allDay: true }]);
      expect(transitions(allDay, '2026-03-01T00:00:00Z', '2026-04-30T00:00:00Z')).toEqual([
        { at: '2026-03-27T23:00:00.000Z', entering: true }, // 00:00 CET
        { at: '2026-03-29T22:00:00.000Z', entering: false }, // 00:00 CEST: 47 real hours
      ]);
    });

    it('merge when they overlap or touch', () => {
      const touching = aSchedule([
        { type: 'single', start: '2026-06-01T08:00', end: '2026-06-01T12:00' },
        { type: 'single', start: '2026-06-01T12:00', end: '2026-06-01T16:00' },
        { type: 'single', start: '2026-06-01T10:00', end: '2026-06-01T11:00' },
      ]);
      expect(transitions(touching, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')).toEqual([
        { at: '2026-06-01T06:00:00.000Z', entering: true },
        { at: '2026-06-01T14:00:00.000Z', entering: false },
      ]);
    });
  });

  describe('recurring periods, in local time', () => {
    const weekdays: ScheduleEntry = {
      type: 'recurring',
      startTime: '08:30',
      endTime: '09:30',
      pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [1, 2, 3, 4, 5] },
      range: { startDate: '2026-01-01', end: { kind: 'never' } },
    };

    it('apply in the local time of each profile zone (S2:2398: New York before Los Angeles)', () => {
      const newYork = aSchedule([weekdays], { timeZone: 'America/New_York' });
      const losAngeles = aSchedule([weekdays], { timeZone: 'America/Los_Angeles' });
      // Monday 2026-06-01 13:00Z is 09:00 in New York and 06:00 in Los Angeles.
      expect(withinAt(newYork, '2026-06-01T13:00:00Z', '2026-06-01T16:00:00Z')).toEqual([true, false]);
      expect(withinAt(losAngeles, '2026-06-01T13:00:00Z', '2026-06-01T16:00:00Z')).toEqual([false, true]);
    });

    it('skip the weekend', () => {
      const sut = aSchedule([weekdays]);
      expect(nextTransition(sut, utc('2026-06-05T12:00:00Z'))).toEqual({
        at: utc('2026-06-08T06:30:00Z'),
        entering: true,
      });
    });

    it('cross midnight when the end is not after the start, and end on the next day', () => {
      const fridayNight = aSchedule([
        {
          ...weekdays,
          startTime: '22:00',
          endTime: '06:00',
          pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [5] },
        },
      ]);
      // Friday 2026-06-05 22:00 CEST = 20:00Z, until Saturday 06:00 CEST = 04:00Z.
      expect(
        withinAt(
          fridayNight,
          '2026-06-05T19:59:00Z',
          '2026-06-05T20:00:00Z',
          '2026-06-05T22:00:00Z', // Saturday 00:00 local
          '2026-06-06T03:59:00Z',
          '2026-06-06T04:00:00Z',
          '2026-06-04T21:00:00Z', // Thursday 23:00 local
          '2026-06-06T20:30:00Z', // Saturday 22:30 local
        ),
      ).toEqual([false, true, true, true, false, false, false]);
    });

    it('run 24 hours when start equals end, with no transition at midnight', () => {
      const allDay = aSchedule([
        everyDay('00:00', '00:00', { range: { startDate: '2026-06-01', end: { kind: 'after', occurrences: 3 } } }),
      ]);
      expect(transitions(allDay, '2026-05-01T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual([
        { at: '2026-05-31T22:00:00.000Z', entering: true },
        { at: '2026-06-03T22:00:00.000Z', entering: false },
      ]);
    });

    it('find the next transition when already within, and never at `after` itself', () => {
      const sut = aSchedule([weekdays]);
      const start = utc('2026-06-01T06:30:00Z');
      expect(nextTransition(sut, start - 1)).toEqual({ at: start, entering: true });
      expect(nextTransition(sut, start)).toEqual({ at: utc('2026-06-01T07:30:00Z'), entering: false });
    });

    it('stop at the end of the range, and within the horizon', () => {
      const ended = aSchedule([
        everyDay('08:00', '16:00', { range: { startDate: '2026-01-01', end: { kind: 'by', date: '2026-01-31' } } }),
      ]);
      expect(nextTransition(ended, utc('2026-02-01T00:00:00Z'))).toBeUndefined();
      const yearly = aSchedule([
        everyDay('08:00', '16:00', {
          pattern: { kind: 'monthly', everyNMonths: 12, on: { kind: 'dayOfMonth', day: 1 } },
        }),
      ]);
      expect(nextTransition(yearly, utc('2026-01-02T00:00:00Z'), 300)).toBeUndefined();
      expect(nextTransition(yearly, utc('2026-01-02T00:00:00Z'))).toEqual({
        at: utc('2027-01-01T07:00:00Z'),
        entering: true,
      });
    });
  });

  describe('across DST changes (gap: the end of the gap; overlap: the first occurrence)', () => {
    describe('Europe/Copenhagen, spring forward 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z)', () => {
      it('starts a period that begins inside the gap when the gap ends', () => {
        const sut = aSchedule([everyDay('02:30', '04:00')]);
        expect(
          withinAt(sut, '2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-03-29T01:59:59Z', '2026-03-29T02:00:00Z'),
        ).toEqual([false, true, true, false]);
        expect(transitions(sut, '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z')).toEqual([
          { at: '2026-03-29T01:00:00.000Z', entering: true }, // 03:00 CEST
          { at: '2026-03-29T02:00:00.000Z', entering: false }, // 04:00 CEST
          { at: '2026-03-30T00:30:00.000Z', entering: true },
          { at: '2026-03-30T02:00:00.000Z', entering: false },
        ]);
      });

      it('skips a period that lies entirely inside the gap', () => {
        const sut = aSchedule([everyDay('02:00', '02:30')]);
        expect(transitions(sut, '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z')).toEqual([
          { at: '2026-03-30T00:00:00.000Z', entering: true },
          { at: '2026-03-30T00:30:00.000Z', entering: false },
        ]);
      });

      it('ends a period whose end is inside the gap when the gap ends', () => {
        const sut = aSchedule([everyDay('01:00', '02:30')]);
        expect(transitions(sut, '2026-03-28T23:00:00Z', '2026-03-29T12:00:00Z')).toEqual([
          { at: '2026-03-29T00:00:00.000Z', entering: true }, // 01:00 CET
          { at: '2026-03-29T01:00:00.000Z', entering: false }, // 03:00 CEST: one real hour
        ]);
      });

      it('shortens a night period on the 23-hour day and keeps office hours 8 hours long', () => {
        const night = aSchedule([everyDay('22:00', '06:00')]);
        expect(transitions(night, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toEqual([
          { at: '2026-03-28T21:00:00.000Z', entering: true },
          { at: '2026-03-29T04:00:00.000Z', entering: false }, // 7 real hours
        ]);
        const office = aSchedule([everyDay('09:00', '17:00')]);
        expect(transitions(office, '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')).toEqual([
          { at: '2026-03-29T07:00:00.000Z', entering: true },
          { at: '2026-03-29T15:00:00.000Z', entering: false },
        ]);
      });
    });

    describe('Europe/Copenhagen, fall back 2026-10-25 03:00 CEST -> 02:00 CET (01:00Z)', () => {
      it('covers the repeated hour twice: 02:00-03:00 lasts two real hours', () => {
        const sut = aSchedule([everyDay('02:00', '03:00')]);
        expect(withinAt(sut, '2026-10-25T00:15:00Z', '2026-10-25T01:15:00Z', '2026-10-25T02:00:00Z')).toEqual([
          true, // 02:15 CEST
          true, // 02:15 CET
          false, // 03:00 CET
        ]);
        expect(transitions(sut, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
          { at: '2026-10-25T00:00:00.000Z', entering: true },
          { at: '2026-10-25T02:00:00.000Z', entering: false },
        ]);
      });

      it('starts inside the repeated hour once, at its first occurrence, with no hole', () => {
        const sut = aSchedule([everyDay('02:30', '04:00')]);
        expect(transitions(sut, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
          { at: '2026-10-25T00:30:00.000Z', entering: true }, // 02:30 CEST
          { at: '2026-10-25T03:00:00.000Z', entering: false }, // 04:00 CET: 2.5 real hours
        ]);
        expect(withinAt(sut, '2026-10-25T01:15:00Z')).toEqual([true]); // 02:15 CET, before 02:30 on the clock
      });

      it('ends inside the repeated hour at its first occurrence', () => {
        const sut = aSchedule([everyDay('01:00', '02:30')]);
        expect(transitions(sut, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
          { at: '2026-10-24T23:00:00.000Z', entering: true }, // 01:00 CEST
          { at: '2026-10-25T00:30:00.000Z', entering: false }, // 02:30 CEST
        ]);
        expect(withinAt(sut, '2026-10-25T01:15:00Z')).toEqual([false]); // 02:15 CET, the clock's second pass
      });

      it('lengthens a night period on the 25-hour day', () => {
        const night = aSchedule([everyDay('22:00', '06:00')]);
        expect(transitions(night, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
          { at: '2026-10-24T20:00:00.000Z', entering: true },
          { at: '2026-10-25T05:00:00.000Z', entering: false }, // 9 real hours
        ]);
      });
    });

    describe('America/New_York (2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST)', () => {
      const newYork = (startTime: string, endTime: string) =>
        aSchedule([everyDay(startTime, endTime)], { timeZone: 'America/New_York' });

      it('starts 02:15-03:30 at 03:00 EDT on the spring day', () =>
        expect(transitions(newYork('02:15', '03:30'), '2026-03-07T12:00:00Z', '2026-03-08T12:00:00Z')).toEqual([
          { at: '2026-03-08T07:00:00.000Z', entering: true },
          { at: '2026-03-08T07:30:00.000Z', entering: false },
        ]));

      it('ends 00:00-01:30 at the first 01:30 (EDT) on the fall day', () => {
        const sut = newYork('00:00', '01:30');
        expect(transitions(sut, '2026-10-31T12:00:00Z', '2026-11-01T12:00:00Z')).toEqual([
          { at: '2026-11-01T04:00:00.000Z', entering: true },
          { at: '2026-11-01T05:30:00.000Z', entering: false },
        ]);
        expect(withinAt(sut, '2026-11-01T06:15:00Z')).toEqual([false]); // 01:15 EST
      });

      it('keeps 01:00-02:00 for both passes of the repeated hour', () =>
        expect(transitions(newYork('01:00', '02:00'), '2026-10-31T12:00:00Z', '2026-11-01T12:00:00Z')).toEqual([
          { at: '2026-11-01T05:00:00.000Z', entering: true },
          { at: '2026-11-01T07:00:00.000Z', entering: false },
        ]));
    });

    it('handles a zone whose midnight is skipped (America/Santiago, 2026-09-06)', () => {
      const sut = aSchedule([everyDay('23:00', '00:30')], { timeZone: 'America/Santiago' });
      // Saturday 23:00 -04 = 03:00Z; 00:30 Sunday does not exist: ends when the clock jumps to 01:00 -03 (04:00Z).
      expect(transitions(sut, '2026-09-05T12:00:00Z', '2026-09-06T12:00:00Z')).toEqual([
        { at: '2026-09-06T03:00:00.000Z', entering: true },
        { at: '2026-09-06T04:00:00.000Z', entering: false },
      ]);
    });
  });

  describe('day length', () => {
    const copenhagen = aDayLength({ sunriseOffsetMinutes: 30, sunsetOffsetMinutes: -15 });
    const midsummer = getTimes(new Date(utc('2026-06-21T10:00:00Z')), copenhagen.latitude, copenhagen.longitude);
    const start = midsummer.sunrise.getTime() + 30 * MINUTE_MS;
    const end = midsummer.sunset.getTime() - 15 * MINUTE_MS;

    it('is within from sunrise + offset to sunset + offset', () => {
      expect(new Date(start).toISOString()).toMatch(/^2026-06-21T02:56/);
      expect([start - 1, start, end - 1, end].map((at) => isWithinTimeProfile(copenhagen, at))).toEqual([
        false,
        true,
        true,
        false,
      ]);
      expect(nextTransition(copenhagen, utc('2026-06-20T22:00:00Z'))).toEqual({ at: start, entering: true });
      expect(nextTransition(copenhagen, start)).toEqual({ at: end, entering: false });
    });

    it('has no window on a day where the offsets cross', () => {
      const sut = aDayLength({ sunriseOffsetMinutes: 300, sunsetOffsetMinutes: -300 }); // a 7-hour winter day
      expect(withinAt(sut, '2026-12-21T11:00:00Z')).toEqual([false]);
      expect(withinAt(sut, '2026-06-21T11:00:00Z')).toEqual([true]);
    });

    describe('in polar regions (Longyearbyen, 78.2°N), where suncalc gives no sunrise or sunset', () => {
      const longyearbyen = aDayLength({ latitude: 78.2232, longitude: 15.6267, timeZone: 'Arctic/Longyearbyen' });

      it('is never within in polar night, and enters at the first sunrise after it', () => {
        expect(withinAt(longyearbyen, '2026-01-10T11:00:00Z', '2026-01-10T23:00:00Z')).toEqual([false, false]);
        const firstSunrise = getTimes(new Date(utc('2026-02-16T11:00:00Z')), 78.2232, 15.6267).sunrise.getTime();
        expect(nextTransition(longyearbyen, utc('2026-01-10T00:00:00Z'))).toEqual({ at: firstSunrise, entering: true });
        expect(nextTransition(longyearbyen, utc('2026-01-10T00:00:00Z'), 30)).toBeUndefined();
      });

      it('is within all day in polar day, and leaves at the end of the last local day without sunset', () => {
        expect(withinAt(longyearbyen, '2026-06-21T11:00:00Z', '2026-06-21T23:30:00Z')).toEqual([true, true]);
        // 2026-08-24 is the last day without sunset; it ends at local midnight (22:00Z), before the sunrise at 23:33Z.
        expect(nextTransition(longyearbyen, utc('2026-05-01T00:00:00Z'))).toEqual({
          at: utc('2026-08-24T22:00:00Z'),
          entering: false,
        });
      });
    });
  });

  describe('consistency of isWithinTimeProfile and nextTransition over a year with two DST changes', () => {
    it.each(['Europe/Copenhagen', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'])(
      'in %s',
      (timeZone) => {
        const sut = aSchedule(
          [
            everyDay('01:30', '02:15', { pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [0, 6] } }), // DST hours
            everyDay('23:30', '00:30', { pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [0, 5, 6] } }),
            everyDay('08:00', '16:00', { pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [1, 2, 3, 4, 5] } }),
            everyDay('12:00', '13:00', {
              pattern: { kind: 'monthly', everyNMonths: 1, on: { kind: 'dayOfMonth', day: 31 } },
            }),
            { type: 'single', start: '2026-07-01T00:00', end: '2026-07-03T12:00' },
          ],
          { timeZone },
        );
        const [from, to] = [utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z')];
        const changes: { at: number; entering: boolean }[] = [];
        const mismatches: string[] = [];
        let within = isWithinTimeProfile(sut, from);
        for (let next = nextTransition(sut, from); next !== undefined && next.at < to;) {
          if (next.entering === within || isWithinTimeProfile(sut, next.at - 1) !== within) {
            mismatches.push(`transition at ${new Date(next.at).toISOString()} does not flip`);
          }
          changes.push(next);
          within = next.entering;
          next = nextTransition(sut, next.at);
        }
        // Sample every 7 min 13 s: membership must be what the last transition before the sample said.
        let index = -1;
        for (let at = from; at < to; at += 433_000) {
          while ((changes[index + 1]?.at ?? Number.POSITIVE_INFINITY) <= at) {
            index += 1;
          }
          const expected = index < 0 ? isWithinTimeProfile(sut, from) : (changes[index]?.entering ?? false);
          if (isWithinTimeProfile(sut, at) !== expected) {
            mismatches.push(`at ${new Date(at).toISOString()}: expected ${String(expected)}`);
          }
        }
        expect(mismatches).toEqual([]);
        const count = changes.length;
        expect(count).toBeGreaterThan(700);
      },
    );
  });

  it('refuses to evaluate an invalid profile', () => {
    let error: unknown;
    try {
      isWithinTimeProfile(aSchedule([], { timeZone: 'Nowhere' }), 0);
    } catch (thrown: unknown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'TIME_PROFILE_INVALID' });
  });

  it('evaluates a weekly profile 100k times (a smoke check; timing belongs in bench/)', () => {
    const sut = aSchedule(
      [
        {
          type: 'recurring',
          startTime: '07:00',
          endTime: '19:00',
          pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [1, 2, 3, 4, 5] },
          range: { startDate: '2026-01-01', end: { kind: 'never' } },
        },
        everyDay('22:00', '02:00', { pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [5, 6] } }),
      ],
      { timeZone: 'America/New_York' },
    );
    let within = 0;
    const from = utc('2026-01-01T00:00:00Z');
    for (let i = 0; i < 100_000; i++) {
      within += isWithinTimeProfile(sut, from + i * 317_000) ? 1 : 0; // events every ~5 minutes over a year
    }
    expect(within).toBeGreaterThan(0);
    expect(within).toBeLessThan(100_000);
  });
});
