import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';

// Event type names, field names and stream prefixes are persisted: do not rename.

/** One stream per notification (per SendNotification job): its outcome, appended once. */
export const NOTIFICATION_STREAM_PREFIX = 'notification-'; // persisted: do not rename
/** One stream per profile: who took the profile's sending slot and when (the durable rate limit). */
export const NOTIFICATION_RATE_STREAM_PREFIX = 'notificationrate-'; // persisted: do not rename

export const notificationStream = (notificationId: string): string => `${NOTIFICATION_STREAM_PREFIX}${notificationId}`;
export const notificationRateStream = (notificationProfileId: string): string =>
  `${NOTIFICATION_RATE_STREAM_PREFIX}${notificationProfileId}`;

type NotificationOutcomeData = {
  notificationId: string;
  notificationProfileId: string;
  /** The SendNotification job it came from (deterministic, from the rule firing). */
  jobId: string;
  ruleId: string;
  ruleName: string;
  at: EpochMs;
};

export type NotificationSent = AccessDomainEvent<
  'NotificationSent',
  NotificationOutcomeData & {
    recipients: readonly string[];
    subject: string;
    messageId: string | null;
    /** The file names of the still images and AVI clips it carried; absent in events written before media. */
    attachments?: readonly string[];
  }
>;

/** Not sent because the profile sent an e-mail less than `timeBetweenEmailsSeconds` ago (FEATURES 4.3). */
export type NotificationSkipped = AccessDomainEvent<
  'NotificationSkipped',
  NotificationOutcomeData & { reason: 'RATE_LIMITED'; lastSentAt: EpochMs; nextAllowedAt: EpochMs }
>;

export type NotificationOutcomeEvent = NotificationSent | NotificationSkipped;

/**
 * A job took the profile's sending slot, just before it sends. `previousSentAt`: the slot's time before it (so a
 * release, or a retry of the same job, can restore it).
 */
export type NotificationSendClaimed = AccessDomainEvent<
  'NotificationSendClaimed',
  { notificationProfileId: string; jobId: string; at: EpochMs; previousSentAt: EpochMs | null }
>;

/** The job that claimed the slot sent nothing and never will (permanent failure): the slot goes back. */
export type NotificationSendReleased = AccessDomainEvent<
  'NotificationSendReleased',
  { notificationProfileId: string; jobId: string; at: EpochMs; lastSentAt: EpochMs | null }
>;

export type NotificationRateEvent = NotificationSendClaimed | NotificationSendReleased;

export const NOTIFICATION_EVENT_TYPES = [
  'NotificationSent',
  'NotificationSkipped',
  'NotificationSendClaimed',
  'NotificationSendReleased',
] as const satisfies readonly (NotificationOutcomeEvent | NotificationRateEvent)['type'][];

type UnlistedNotificationEventType = Exclude<
  (NotificationOutcomeEvent | NotificationRateEvent)['type'],
  (typeof NOTIFICATION_EVENT_TYPES)[number]
>;
export const allNotificationEventTypesListed: [UnlistedNotificationEventType] extends [never]
  ? true
  : UnlistedNotificationEventType = true;

/**
 * The profile's last sending time as `jobId` sees it, from the rate stream's last event alone (O(1) however long the
 * stream). A slot claimed earlier by the same job (a retry) does not count against it.
 */
export const lastSentAtFor = (last: NotificationRateEvent | undefined, jobId: string): EpochMs | undefined => {
  if (!last) {
    return undefined;
  }
  switch (last.type) {
    case 'NotificationSendClaimed':
      return last.data.jobId === jobId ? (last.data.previousSentAt ?? undefined) : last.data.at;
    case 'NotificationSendReleased':
      return last.data.lastSentAt ?? undefined;
    default:
      return assertNever(last);
  }
};
