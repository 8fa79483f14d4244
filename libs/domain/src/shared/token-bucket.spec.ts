import { fullBucket, takeToken, type TokenBucket } from './token-bucket';

const limits = { perSecond: 10, burst: 3 };

describe('token bucket', () => {
  it('given a full bucket, when a burst arrives at once, then only `burst` messages pass', () => {
    let bucket: TokenBucket = fullBucket(limits, 0);
    const allowed: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const taken = takeToken(bucket, limits, 0);
      allowed.push(taken.allowed);
      bucket = taken.bucket;
    }

    expect(allowed).toEqual([true, true, true, false, false]);
  });

  it('given an empty bucket, when a tenth of a second passes at 10 per second, then one more message passes', () => {
    const empty: TokenBucket = { tokens: 0, at: 1_000 };

    expect(takeToken(empty, limits, 1_050).allowed).toBe(false);
    expect(takeToken(empty, limits, 1_100).allowed).toBe(true);
  });

  it('never holds more than `burst`, however long it waited', () => {
    const { bucket } = takeToken({ tokens: 0, at: 0 }, limits, 3_600_000);

    expect(bucket.tokens).toBe(limits.burst - 1);
  });
});
