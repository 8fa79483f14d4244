import { decideRateLimit } from './notification-rate-limit';
import { lastSentAtFor, type NotificationRateEvent } from './notification.events';

describe('notification rate limit (S2:12414)', () => {
  it('with 120 s, skips until 2 minutes have passed since the last e-mail', () => {
    const profile = { timeBetweenEmailsSeconds: 120 };

    expect(decideRateLimit(profile, undefined, 1_000)).toEqual({ send: true });
    expect(decideRateLimit(profile, 1_000, 1_000 + 119_999)).toEqual({
      send: false,
      lastSentAt: 1_000,
      nextAllowedAt: 121_000,
    });
    expect(decideRateLimit(profile, 1_000, 121_000)).toEqual({ send: true });
  });

  it('with 0, sends on every trigger', () => {
    expect(decideRateLimit({ timeBetweenEmailsSeconds: 0 }, 1_000, 1_000)).toEqual({ send: true });
  });

  it("reads the last sending time from the slot's last event; a job's own earlier claim does not count", () => {
    const claimed: NotificationRateEvent = {
      type: 'NotificationSendClaimed',
      data: { notificationProfileId: 'np', jobId: 'job-2', at: 5_000, previousSentAt: 1_000 },
    };
    const released: NotificationRateEvent = {
      type: 'NotificationSendReleased',
      data: { notificationProfileId: 'np', jobId: 'job-2', at: 6_000, lastSentAt: 1_000 },
    };

    expect(lastSentAtFor(undefined, 'job-1')).toBeUndefined();
    expect(lastSentAtFor(claimed, 'job-1')).toBe(5_000);
    expect(lastSentAtFor(claimed, 'job-2')).toBe(1_000);
    expect(lastSentAtFor(released, 'job-1')).toBe(1_000);
  });
});
