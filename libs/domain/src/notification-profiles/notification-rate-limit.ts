import type { EpochMs } from '../access/access.types';
import type { NotificationProfile } from './notification-profile';

export type RateLimitDecision =
  Readonly<{ send: true }> | Readonly<{ send: false; lastSentAt: EpochMs; nextAllowedAt: EpochMs }>;

/**
 * FEATURES 4.3 (S2:12414): with `timeBetweenEmailsSeconds` = 120, at least 2 minutes pass between two e-mails of a
 * profile, however often it is triggered; with 0, every trigger sends. `lastSentAt` undefined: nothing sent yet.
 * A last-sent time after `now` (clock skew between processes) keeps the window from that time.
 */
export const decideRateLimit = (
  profile: Pick<NotificationProfile, 'timeBetweenEmailsSeconds'>,
  lastSentAt: EpochMs | undefined,
  now: EpochMs,
): RateLimitDecision => {
  if (profile.timeBetweenEmailsSeconds <= 0 || lastSentAt === undefined) {
    return { send: true };
  }
  const nextAllowedAt = lastSentAt + profile.timeBetweenEmailsSeconds * 1_000;
  return now >= nextAllowedAt ? { send: true } : { send: false, lastSentAt, nextAllowedAt };
};
