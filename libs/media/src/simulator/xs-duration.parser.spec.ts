import { parseTerminationTime, parseXsDuration } from './xs-duration.parser';

describe('xs:duration', () => {
  it.each([
    ['PT1M', 60_000],
    ['PT60S', 60_000],
    ['PT2M', 120_000],
    ['PT0.5S', 500],
    ['PT1H1M1S', 3_661_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['-PT5S', -5000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseXsDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '60', 'PT1X', 'T1M'])('refuses %p', (text) => {
    expect(parseXsDuration(text)).toBeUndefined();
  });

  it('reads a termination time as a duration from now or an absolute UTC time', () => {
    const now = new Date('2026-12-01T12:00:00.000Z');
    expect(parseTerminationTime('PT2M', now)).toEqual(new Date('2026-12-01T12:02:00.000Z'));
    expect(parseTerminationTime('2026-12-01T13:00:00Z', now)).toEqual(new Date('2026-12-01T13:00:00.000Z'));
    expect(parseTerminationTime('tomorrow', now)).toBeUndefined();
  });
});
