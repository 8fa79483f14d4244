import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AVI_GENERATION_SETTINGS_STREAM,
  aviGenerationDecider,
  decideRateLimit,
  lastSentAtFor,
  notificationProfileDecider,
  notificationProfileStream,
  notificationRateStream,
  notificationMediaPlan,
  notificationMediaReadiness,
  notificationStream,
  renderNotification,
  WrongExpectedRevisionError,
  type EventMetadata,
  type AviGenerationSettings,
  type EventStore,
  type ExpectedRevision,
  type NotificationOutcomeEvent,
  type NotificationMediaPlan,
  type NotificationProfile,
  type NotificationRateEvent,
  type RateLimitDecision,
  type RuleActionJobData,
} from '@vigil/domain';
import {
  deterministicUuid,
  EVENT_STORE,
  loadSmtpConnection,
  MailDeliveryError,
  readState,
  RunAgainLaterError,
  SecretBox,
  SecretBoxError,
  sendMail,
  type SmtpConnection,
} from '@vigil/infrastructure';
import { UnrecoverableError } from 'bullmq';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationMediaCollector, type WrittenNotificationMedia } from './notification-media.collector';
import type { RuleActionExecutor, RuleActionJobInfo } from './rule-action.executor';

type Data = RuleActionJobData<'SendNotification'>;

const CLAIM_ATTEMPTS = 5;

/**
 * `Send notification to <profile>` (FEATURES 1.5 A17, 4): renders the profile's e-mail for the rule's firing and
 * sends it through the configured mail server, at most once per `timeBetweenEmailsSeconds` (FEATURES 4.3).
 *
 * - Profile and mail server settings are folded from their streams (`notificationprofile-<id>`,
 *   `settings-mailserver`); an unknown profile or no mail server is an UnrecoverableError.
 * - The rate limit is durable and atomic: before sending, the job claims the profile's slot by appending
 *   NotificationSendClaimed to `notificationrate-<profileId>` at the revision it decided on (only the stream's last
 *   event is read); a concurrent claim fails the append, and the job re-reads and re-decides. A job that will never
 *   send (permanent failure, last attempt) gives the slot back (NotificationSendReleased).
 * - The outcome (NotificationSent, or NotificationSkipped when rate-limited) is appended once to
 *   `notification-<id>`, the id derived from the job id: a job that already has an outcome does nothing, so running
 *   the same job twice sends once. (A crash between the SMTP reply and that append sends again on retry: delivery is
 *   at least once.)
 * - SMTP failures: 5xx replies and refused logins are UnrecoverableError; connection failures and 4xx replies throw a
 *   plain Error so BullMQ retries with backoff. Messages carry the SMTP reply, never the password.
 *
 * - Still images and AVI clips (FEATURES 4.2, 4.4): with includeImages / includeAvi, the e-mail waits until the
 *   recordings of the action's image devices reach the last instant it shows (the clip's end, the last still): the
 *   job is run again a second later (a delayed job, not a timer) until they do, stop, or the wait is over
 *   (notificationMediaReadiness). The stills are embedded in an HTML part or attached (embedImages); the clip is an
 *   AVI encoded as the AVI generation settings say (`settings-avigeneration`, FEATURES 4.6). What the recordings did
 *   not hold is said in the body, never filled in.
 */
@Injectable()
export class SendNotificationExecutor implements RuleActionExecutor<'SendNotification'> {
  readonly jobName = 'SendNotification' as const;
  private readonly logger = new Logger(SendNotificationExecutor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly secrets: SecretBox,
    private readonly media: NotificationMediaCollector,
  ) {}

  async execute(data: Data, job: RuleActionJobInfo): Promise<void> {
    const notificationId = deterministicUuid(`SendNotification:${job.id}`);
    if (await this.hasOutcome(notificationId)) {
      this.logger.log(`notification ${notificationId} (job ${job.id}) was already handled`);
      return;
    }
    const profile = await this.profile(data);
    const connection = await this.connection(data);
    const metadata: EventMetadata = { causationId: data.firingEventId, correlationId: data.correlationId };

    const decision = await this.claimSlot(profile, job, metadata);
    if (!decision.send) {
      await this.appendOutcome(notificationId, `${job.id}:skipped`, metadata, {
        type: 'NotificationSkipped',
        data: {
          ...this.outcomeData(notificationId, data, job),
          reason: 'RATE_LIMITED',
          lastSentAt: decision.lastSentAt,
          nextAllowedAt: decision.nextAllowedAt,
        },
      });
      this.logger.log(
        `notification '${profile.name}' for rule '${data.ruleName}' skipped: rate-limited until ${new Date(decision.nextAllowedAt).toISOString()}`,
      );
      return;
    }

    const plan = notificationMediaPlan(profile, data.at);
    const cameras = plan === undefined ? [] : await this.camerasReadyFor(plan, data, profile);
    const work = mkdtempSync(join(tmpdir(), 'vigil-notification-'));
    try {
      const names = await this.media.cameraNames([
        ...(data.sourceDeviceId === undefined ? [] : [data.sourceDeviceId]),
        ...cameras.map((camera) => camera.deviceId),
      ]);
      const media: WrittenNotificationMedia =
        plan === undefined
          ? { sources: [], attachments: [] }
          : await this.media.write(cameras, plan, work, {
              embed: profile.embedImages,
              encoding: await this.aviEncoding(),
              names,
            });
      const sourceDeviceName = data.sourceDeviceId === undefined ? undefined : names.get(data.sourceDeviceId);
      const rendered = renderNotification(
        profile,
        {
          ruleName: data.ruleName,
          eventName: data.triggeringEventType,
          at: data.at,
          ...(data.sourceDeviceId === undefined ? {} : { sourceDeviceId: data.sourceDeviceId }),
          ...(sourceDeviceName === undefined ? {} : { sourceDeviceName }),
          imageDeviceIds: data.imageDeviceIds,
        },
        media.sources,
      );
      const { messageId } = await this.send(connection, profile, rendered, media, data, job, metadata);
      await this.appendOutcome(notificationId, `${job.id}:sent`, metadata, {
        type: 'NotificationSent',
        data: {
          ...this.outcomeData(notificationId, data, job),
          recipients: profile.recipients,
          subject: rendered.subject,
          messageId,
          attachments: media.attachments.map((attachment) => attachment.filename),
        },
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    this.logger.log(
      `notification '${profile.name}' for rule '${data.ruleName}' sent to ${profile.recipients.length} recipient(s)`,
    );
  }

  /**
   * The image cameras' recordings for the plan, once they hold everything it shows or the wait is over; before that,
   * the job is run again later (RunAgainLaterError: a delayed job, which keeps the slot this job claimed).
   */
  private async camerasReadyFor(plan: NotificationMediaPlan, data: Data, profile: NotificationProfile) {
    const cameras = await this.media.find(data.imageDeviceIds, plan);
    const readiness = notificationMediaReadiness(
      plan,
      cameras.map((camera) => camera.state),
      Date.now(),
    );
    if (!readiness.ready) {
      throw new RunAgainLaterError(
        readiness.recheckAt,
        `notification '${profile.name}' waits for the recordings of ${data.imageDeviceIds.join(', ')} to reach ${new Date(plan.needsMediaUntil).toISOString()}`,
      );
    }
    return cameras;
  }

  /** The AVI generation settings (FEATURES 4.6), their defaults until an administrator saved them. */
  private async aviEncoding(): Promise<AviGenerationSettings> {
    return (await readState(this.store, AVI_GENERATION_SETTINGS_STREAM, aviGenerationDecider)).state.settings;
  }

  /** Sends through the mail server; a failure that no retry will fix gives the rate-limit slot back. */
  private async send(
    connection: SmtpConnection,
    profile: NotificationProfile,
    rendered: { subject: string; text: string; html?: string },
    media: WrittenNotificationMedia,
    data: Data,
    job: RuleActionJobInfo,
    metadata: EventMetadata,
  ): Promise<{ messageId: string | null }> {
    try {
      return await sendMail(connection, {
        to: profile.recipients,
        subject: rendered.subject,
        text: rendered.text,
        ...(rendered.html === undefined ? {} : { html: rendered.html }),
        attachments: media.attachments,
      });
    } catch (error) {
      if (!(error instanceof MailDeliveryError)) {
        throw error;
      }
      const message = `notification '${profile.name}' for rule '${data.ruleName}' not sent: ${error.message}`;
      if (error.permanent || job.attemptsMade + 1 >= job.attempts) {
        await this.releaseSlot(profile, job, metadata);
      }
      this.logger.warn(message);
      throw error.permanent ? new UnrecoverableError(message) : new Error(message);
    }
  }

  private async hasOutcome(notificationId: string): Promise<boolean> {
    for await (const _event of this.store.readStream(notificationStream(notificationId), { maxCount: 1 })) {
      return true;
    }
    return false;
  }

  private async profile(data: Data): Promise<NotificationProfile> {
    const { state } = await readState(
      this.store,
      notificationProfileStream(data.notificationProfileId),
      notificationProfileDecider,
    );
    if (state.status !== 'Active') {
      throw new UnrecoverableError(
        `notification profile ${data.notificationProfileId} of rule '${data.ruleName}' ${state.status === 'Deleted' ? 'was deleted' : 'does not exist'}`,
      );
    }
    return state.profile;
  }

  private async connection(data: Data): Promise<SmtpConnection> {
    let connection: SmtpConnection | undefined;
    try {
      connection = await loadSmtpConnection(this.store, this.secrets);
    } catch (error) {
      if (error instanceof SecretBoxError) {
        throw new UnrecoverableError(`the mail server password cannot be read: ${error.message}`);
      }
      throw error;
    }
    if (!connection) {
      throw new UnrecoverableError(
        `no mail server is configured (PUT /api/settings/mail-server), so rule '${data.ruleName}' cannot send notifications`,
      );
    }
    return connection;
  }

  /** The last event of the profile's rate stream and the revision to append after it. */
  private async lastRateEvent(
    profileId: string,
  ): Promise<{ last: NotificationRateEvent | undefined; expected: ExpectedRevision }> {
    for await (const stored of this.store.readStream(notificationRateStream(profileId), {
      direction: 'backwards',
      maxCount: 1,
    })) {
      return { last: { type: stored.type, data: stored.data } as NotificationRateEvent, expected: stored.revision };
    }
    return { last: undefined, expected: 'no_stream' };
  }

  /** Decides send or skip on the slot's last state and, to send, takes the slot at the revision decided on. */
  private async claimSlot(
    profile: NotificationProfile,
    job: RuleActionJobInfo,
    metadata: EventMetadata,
  ): Promise<RateLimitDecision> {
    if (profile.timeBetweenEmailsSeconds === 0) {
      return { send: true };
    }
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt += 1) {
      const { last, expected } = await this.lastRateEvent(profile.id);
      if (last?.type === 'NotificationSendClaimed' && last.data.jobId === job.id) {
        return { send: true }; // this job holds the slot already (it ran before and waited for its media)
      }
      const lastSentAt = lastSentAtFor(last, job.id);
      const now = Date.now();
      const decision = decideRateLimit(profile, lastSentAt, now);
      if (!decision.send) {
        return decision;
      }
      const claimed: NotificationRateEvent = {
        type: 'NotificationSendClaimed',
        data: { notificationProfileId: profile.id, jobId: job.id, at: now, previousSentAt: lastSentAt ?? null },
      };
      try {
        await this.store.append(
          notificationRateStream(profile.id),
          [{ id: deterministicUuid(`${job.id}:claim:${job.attemptsMade}`), ...claimed, metadata }],
          expected,
        );
        return decision;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) {
          throw error;
        }
      }
    }
    throw new Error(`the sending slot of notification profile ${profile.id} is contended; retrying later`);
  }

  /** Gives the slot back when this job holds it (its claim is the last event). */
  private async releaseSlot(
    profile: NotificationProfile,
    job: RuleActionJobInfo,
    metadata: EventMetadata,
  ): Promise<void> {
    if (profile.timeBetweenEmailsSeconds === 0) {
      return;
    }
    const { last, expected } = await this.lastRateEvent(profile.id);
    if (last?.type !== 'NotificationSendClaimed' || last.data.jobId !== job.id) {
      return;
    }
    const released: NotificationRateEvent = {
      type: 'NotificationSendReleased',
      data: { notificationProfileId: profile.id, jobId: job.id, at: Date.now(), lastSentAt: last.data.previousSentAt },
    };
    try {
      await this.store.append(
        notificationRateStream(profile.id),
        [{ id: deterministicUuid(`${job.id}:release:${job.attemptsMade}`), ...released, metadata }],
        expected,
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) {
        throw error;
      } // else another job took the slot after ours: nothing to give back
    }
  }

  private outcomeData(notificationId: string, data: Data, job: RuleActionJobInfo) {
    return {
      notificationId,
      notificationProfileId: data.notificationProfileId,
      jobId: job.id,
      ruleId: data.ruleId,
      ruleName: data.ruleName,
      at: Date.now(),
    };
  }

  /** Appends the notification's one outcome; a concurrent run of the same job that got there first wins. */
  private async appendOutcome(
    notificationId: string,
    key: string,
    metadata: EventMetadata,
    event: NotificationOutcomeEvent,
  ): Promise<void> {
    try {
      await this.store.append(
        notificationStream(notificationId),
        [{ id: deterministicUuid(key), type: event.type, data: event.data, metadata }],
        'no_stream',
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) {
        throw error;
      }
    }
  }
}
