import { DAY_MS, parseLocalDateTime } from './local-date';
import { instantOfWallClock, isValidTimeZone, localDayAt, timeZoneOffsetMs, wallClockAt } from './time-zone';

const HOUR_MS = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);
const local = (text: string): number => parseLocalDateTime(text) ?? Number.NaN;

describe('time zones', () => {
  describe('isValidTimeZone', () => {
    it.each(['Europe/Copenhagen', 'America/New_York', 'UTC', 'Asia/Kolkata'])('accepts %s', (zone) =>
      expect(isValidTimeZone(zone)).toBe(true),
    );

    it.each(['Mars/Olympus_Mons', '', '  ', 'Europe/Copenhagn'])('refuses %p', (zone) =>
      expect(isValidTimeZone(zone)).toBe(false),
    );
  });

  describe('timeZoneOffsetMs and wallClockAt', () => {
    it('gives the offset on either side of a transition, and on its very instant', () => {
      const zone = 'Europe/Copenhagen';
      expect(timeZoneOffsetMs(zone, utc('2026-03-29T00:59:59.999Z'))).toBe(HOUR_MS);
      expect(timeZoneOffsetMs(zone, utc('2026-03-29T01:00:00Z'))).toBe(2 * HOUR_MS);
      expect(timeZoneOffsetMs(zone, utc('2026-10-25T00:59:59.999Z'))).toBe(2 * HOUR_MS);
      expect(timeZoneOffsetMs(zone, utc('2026-10-25T01:00:00Z'))).toBe(HOUR_MS);
    });

    it('handles negative and half-hour offsets', () => {
      expect(timeZoneOffsetMs('America/New_York', utc('2026-01-15T12:00:00Z'))).toBe(-5 * HOUR_MS);
      expect(timeZoneOffsetMs('Asia/Kolkata', utc('2026-01-15T12:00:00Z'))).toBe(5.5 * HOUR_MS);
    });

    it('reads the wall clock and the local day', () => {
      expect(wallClockAt('America/New_York', utc('2026-07-01T03:30:00Z'))).toBe(local('2026-06-30T23:30'));
      expect(localDayAt('America/New_York', utc('2026-07-01T03:30:00Z'))).toBe(local('2026-06-30T00:00') / DAY_MS);
      expect(wallClockAt('UTC', utc('1969-12-31T23:59:59.500Z'))).toBe(utc('1969-12-31T23:59:59.500Z'));
    });

    it('gives the same answer cached as uncached, within a transition hour', () => {
      const zone = 'Australia/Lord_Howe'; // +11 to +10:30 at 2026-04-04T15:00Z
      const before = utc('2026-04-04T14:59:00Z');
      const after = utc('2026-04-04T15:00:00Z');
      for (let round = 0; round < 2; round++) {
        expect(timeZoneOffsetMs(zone, before)).toBe(11 * HOUR_MS);
        expect(timeZoneOffsetMs(zone, after)).toBe(10.5 * HOUR_MS);
      }
    });
  });

  describe('instantOfWallClock', () => {
    it('maps an ordinary local time to its one instant', () => {
      expect(instantOfWallClock('Europe/Copenhagen', local('2026-06-01T08:30'))).toBe(utc('2026-06-01T06:30:00Z'));
      expect(instantOfWallClock('America/New_York', local('2026-01-15T08:30'))).toBe(utc('2026-01-15T13:30:00Z'));
    });

    it.each([
      // spring forward: the local time does not exist, so the instant the gap ends
      ['Europe/Copenhagen', '2026-03-29T02:00', '2026-03-29T01:00:00Z'],
      ['Europe/Copenhagen', '2026-03-29T02:30', '2026-03-29T01:00:00Z'],
      ['Europe/Copenhagen', '2026-03-29T03:00', '2026-03-29T01:00:00Z'],
      ['Europe/Copenhagen', '2026-03-29T01:59', '2026-03-29T00:59:00Z'],
      ['America/New_York', '2026-03-08T02:15', '2026-03-08T07:00:00Z'],
      ['America/Santiago', '2026-09-06T00:00', '2026-09-06T04:00:00Z'], // midnight itself is skipped
      // fall back: the local time happens twice, so the first (summer-time) occurrence
      ['Europe/Copenhagen', '2026-10-25T02:00', '2026-10-25T00:00:00Z'],
      ['Europe/Copenhagen', '2026-10-25T02:30', '2026-10-25T00:30:00Z'],
      ['Europe/Copenhagen', '2026-10-25T03:00', '2026-10-25T02:00:00Z'],
      ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00Z'],
      ['America/Santiago', '2026-04-04T23:30', '2026-04-05T02:30:00Z'],
      ['Australia/Lord_Howe', '2026-04-05T01:45', '2026-04-04T14:45:00Z'], // a 30-minute change
    ])('in %s maps %s to %s', (zone, wallClock, instant) =>
      expect(instantOfWallClock(zone, local(wallClock))).toBe(utc(instant)),
    );

    it('is monotonic across both transitions of a year', () => {
      const zone = 'Europe/Copenhagen';
      let previous = Number.NEGATIVE_INFINITY;
      for (let wall = local('2026-03-28T00:00'); wall < local('2026-03-30T00:00'); wall += 15 * 60_000) {
        const instant = instantOfWallClock(zone, wall);
        expect(instant).toBeGreaterThanOrEqual(previous);
        previous = instant;
      }
      for (let wall = local('2026-10-24T00:00'); wall < local('2026-10-26T00:00'); wall += 15 * 60_000) {
        const instant = instantOfWallClock(zone, wall);
        expect(instant).toBeGreaterThanOrEqual(previous);
        previous = instant;
      }
    });

    it('round-trips every quarter hour of an ordinary day', () => {
      for (let wall = local('2026-05-10T00:00'); wall < local('2026-05-11T00:00'); wall += 15 * 60_000) {
        expect(wallClockAt('America/New_York', instantOfWallClock('America/New_York', wall))).toBe(wall);
      }
    });
  });
});
