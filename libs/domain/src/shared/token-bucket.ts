/**
 * A token bucket: up to `burst` messages at once, refilled at `perSecond`. Pure: the caller passes the time, and
 * gets the new bucket with whether the message was allowed.
 */
export type TokenBucketLimits = Readonly<{ perSecond: number; burst: number }>;
export type TokenBucket = Readonly<{ tokens: number; at: number }>;

export const fullBucket = (limits: TokenBucketLimits, now: number): TokenBucket => ({ tokens: limits.burst, at: now });

export const takeToken = (
  bucket: TokenBucket,
  limits: TokenBucketLimits,
  now: number,
): Readonly<{ allowed: boolean; bucket: TokenBucket }> => {
  const refilled = Math.min(limits.burst, bucket.tokens + (Math.max(0, now - bucket.at) * limits.perSecond) / 1000);
  return refilled >= 1
    ? { allowed: true, bucket: { tokens: refilled - 1, at: now } }
    : { allowed: false, bucket: { tokens: refilled, at: now } };
};
