import type { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  MAIL_SERVER_SETTINGS_STREAM,
  mailServerDecider,
  NOTIFICATION_PROFILE_DEFAULTS,
  notificationProfileDecider,
  notificationProfileStream,
  notificationRateStream,
  notificationStream,
  type NotificationProfile,
  type RuleActionJobData,
  type StoredEvent,
} from '@vigil/domain';
import {
  deterministicUuid,
  EVENT_STORE,
  handleCommand,
  MAIL_PASSWORD_PURPOSE,
  PostgresEventStore,
  SecretBox,
} from '@vigil/infrastructure';
import { UnrecoverableError } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import {
  closedLocalPort,
  startSmtpTestServer,
  type SmtpTestServer,
} from '../../../../libs/infrastructure/src/testing/smtp-test-server';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import type { RuleActionJobInfo } from './rule-action.executor';
import { SendNotificationExecutor } from './send-notification.executor';

const SMTP_PASSWORD = 'executor-Sm7p-Passw0rd';

/** Every line the Nest logger writes during the tests, to check what reaches the logs. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep = (...parts: unknown[]): void => void this.lines.push(parts.map((part) => String(part)).join(' '));
  log = this.keep;
  error = this.keep;
  warn = this.keep;
  debug = this.keep;
  verbose = this.keep;
}

const thrownBy = async (run: () => Promise<unknown>): Promise<Error> => {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected it to fail');
};

describe('SendNotificationExecutor', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let box: SecretBox;
  let sut: SendNotificationExecutor;
  const logs = new CapturingLogger();
  const servers: SmtpTestServer[] = [];

  const aServer = async (options: Parameters<typeof startSmtpTestServer>[0] = {}): Promise<SmtpTestServer> => {
    const server = await startSmtpTestServer(options);
    servers.push(server);
    return server;
  };

  const givenMailServer = async (port: number, login?: { user: string; pass: string }): Promise<void> => {
    await handleCommand(store, MAIL_SERVER_SETTINGS_STREAM, mailServerDecider, {
      type: 'ConfigureMailServer',
      data: {
        settings: {
          senderAddress: 'vigil@example.org',
          host: '127.0.0.1',
          port,
          startTls: false,
          requiresLogin: login !== undefined,
          userName: login?.user ?? null,
        },
        password: login ? { kind: 'set', encrypted: box.encrypt(login.pass, MAIL_PASSWORD_PURPOSE) } : { kind: 'keep' },
        byUserId: 'admin',
        now: Date.now(),
      },
    });
  };

  const givenProfile = async (overrides: Partial<NotificationProfile> = {}): Promise<NotificationProfile> => {
    const profile: NotificationProfile = {
      ...NOTIFICATION_PROFILE_DEFAULTS,
      id: randomUUID(),
      name: `Profile ${randomUUID().slice(0, 8)}`,
      recipients: ['guard@example.org', 'chief@example.org'],
      subject: '$EventName$ on $DeviceName$',
      messageText: 'Rule $RuleName$ at $TriggerTime$.',
      timeBetweenEmailsSeconds: 120,
      ...overrides,
    };
    await handleCommand(store, notificationProfileStream(profile.id), notificationProfileDecider, {
      type: 'CreateNotificationProfile',
      data: { profile, byUserId: 'admin', now: Date.now() },
    });
    return profile;
  };

  const aJob = (
    profileId: string,
    attempts: Partial<RuleActionJobInfo> = {},
  ): { data: RuleActionJobData<'SendNotification'>; job: RuleActionJobInfo } => {
    const firingEventId = randomUUID();
    return {
      data: {
        ruleId: randomUUID(),
        ruleName: 'Red sector door',
        ruleVersion: 1,
        phase: 'start',
        triggeringEventId: randomUUID(),
        triggeringEventType: 'MotionStarted',
        firingEventId,
        correlationId: randomUUID(),
        at: Date.UTC(2025, 5, 1, 12, 0, 0),
        sourceDeviceId: 'cam-red-entrance',
        deviceIds: [],
        notificationProfileId: profileId,
        imageDeviceIds: ['cam-red-entrance'],
      },
      job: { id: `SendNotification_${firingEventId}_0`, attemptsMade: 0, attempts: 5, ...attempts },
    };
  };

  const outcomes = (jobId: string): Promise<StoredEvent[]> =>
    readAllOf(store.readStream(notificationStream(deterministicUuid(`SendNotification:${jobId}`))));

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 4 });
    box = SecretBox.fromKeyMaterial('executor-int-spec-secrets-key-0123456789');
    const module = await Test.createTestingModule({
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: SecretBox, useValue: box },
        SendNotificationExecutor,
      ],
    })
      .setLogger(logs)
      .compile();
    sut = module.get(SendNotificationExecutor);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await store.close();
    await database.drop();
  });

  it('sends the rendered e-mail through a server that requires login, and records NotificationSent', async () => {
    const smtp = await aServer({ auth: { user: 'vigil', pass: SMTP_PASSWORD } });
    await givenMailServer(smtp.port, { user: 'vigil', pass: SMTP_PASSWORD });
    const profile = await givenProfile();
    const { data, job } = aJob(profile.id);

    await sut.execute(data, job);

    const mail = await smtp.waitForMessage();
    expect(mail).toMatchObject({
      from: 'vigil@example.org',
      to: ['guard@example.org', 'chief@example.org'],
      subject: 'MotionStarted on cam-red-entrance',
    });
    expect(mail.text).toContain('Rule Red sector door at 2025-06-01T12:00:00.000Z.');
    expect(mail.text).toContain('What triggered the e-mail notification');
    const [sent, ...more] = await outcomes(job.id);
    expect(more).toEqual([]);
    expect(sent).toMatchObject({
      id: deterministicUuid(`${job.id}:sent`),
      type: 'NotificationSent',
      data: {
        notificationProfileId: profile.id,
        jobId: job.id,
        ruleName: 'Red sector door',
        recipients: ['guard@example.org', 'chief@example.org'],
        subject: 'MotionStarted on cam-red-entrance',
      },
      metadata: { causationId: data.firingEventId, correlationId: data.correlationId },
    });
  });

  it('skips a second trigger within timeBetweenEmailsSeconds and records why; running a job twice sends once', async () => {
    const smtp = await aServer();
    await givenMailServer(smtp.port);
    const profile = await givenProfile({ timeBetweenEmailsSeconds: 120 });
    const first = aJob(profile.id);
    const second = aJob(profile.id);

    await sut.execute(first.data, first.job);
    await sut.execute(first.data, first.job);
    await sut.execute(second.data, second.job);

    await smtp.waitForMessage();
    expect(smtp.received).toHaveLength(1);
    expect((await outcomes(first.job.id)).map((event) => event.type)).toEqual(['NotificationSent']);
    const [skipped, ...more] = await outcomes(second.job.id);
    expect(more).toEqual([]);
    expect(skipped).toMatchObject({
      type: 'NotificationSkipped',
      data: { reason: 'RATE_LIMITED', jobId: second.job.id },
    });
    const { lastSentAt, nextAllowedAt } = skipped?.data as { lastSentAt: number; nextAllowedAt: number };
    expect(nextAllowedAt - lastSentAt).toBe(120_000);
  });

  it('sends on every trigger when timeBetweenEmailsSeconds is 0', async () => {
    const smtp = await aServer();
    await givenMailServer(smtp.port);
    const profile = await givenProfile({ timeBetweenEmailsSeconds: 0 });

    for (const { data, job } of [aJob(profile.id), aJob(profile.id)]) {
      await sut.execute(data, job);
    }

    await smtp.waitForMessage();
    await smtp.waitForMessage();
    expect(smtp.received).toHaveLength(2);
  });

  it('lets one of two concurrent triggers send when the profile is rate-limited', async () => {
    const smtp = await aServer();
    await givenMailServer(smtp.port);
    const profile = await givenProfile({ timeBetweenEmailsSeconds: 60 });
    const jobs = [aJob(profile.id), aJob(profile.id), aJob(profile.id)];

    await Promise.all(jobs.map(({ data, job }) => sut.execute(data, job)));

    await smtp.waitForMessage();
    expect(smtp.received).toHaveLength(1);
    const types = (await Promise.all(jobs.map(({ job }) => outcomes(job.id)))).map((events) => events[0]?.type);
    expect(types.sort()).toEqual(['NotificationSent', 'NotificationSkipped', 'NotificationSkipped']);
  });

  it('fails for good on a 5xx reply and gives the slot back; retries on a 4xx reply or an unreachable server', async () => {
    const refusing = await aServer({ refuseRecipients: { responseCode: 550, message: 'Mailbox unavailable' } });
    await givenMailServer(refusing.port);
    const profile = await givenProfile({ timeBetweenEmailsSeconds: 120 });
    const refused = aJob(profile.id);

    const permanent = await thrownBy(() => sut.execute(refused.data, refused.job));

    expect(permanent).toBeInstanceOf(UnrecoverableError);
    expect(permanent.message).toContain('550');
    expect(await outcomes(refused.job.id)).toEqual([]);
    const rate = await readAllOf(store.readStream(notificationRateStream(profile.id)));
    expect(rate.map((event) => event.type)).toEqual(['NotificationSendClaimed', 'NotificationSendReleased']);

    const busy = await aServer({ refuseRecipients: { responseCode: 451, message: 'Try again later' } });
    await givenMailServer(busy.port);
    const later = aJob(profile.id);
    const temporary = await thrownBy(() => sut.execute(later.data, later.job));
    expect(temporary).not.toBeInstanceOf(UnrecoverableError);
    expect(temporary.message).toContain('451');

    // (that job keeps the slot for its retries, so the next trigger uses another profile)
    await givenMailServer(await closedLocalPort());
    const elsewhere = aJob((await givenProfile()).id);
    const unreachable = await thrownBy(() => sut.execute(elsewhere.data, elsewhere.job));
    expect(unreachable).not.toBeInstanceOf(UnrecoverableError);
    expect(unreachable.message).toContain('cannot be reached');
  });

  it('retries of one job keep its slot, and the retry that succeeds sends', async () => {
    await givenMailServer(await closedLocalPort());
    const profile = await givenProfile({ timeBetweenEmailsSeconds: 120 });
    const { data, job } = aJob(profile.id);
    await thrownBy(() => sut.execute(data, job));
    const other = aJob(profile.id);
    const smtp = await aServer();
    await givenMailServer(smtp.port);

    await sut.execute(other.data, other.job); // another trigger while the first job waits for its retry
    await sut.execute(data, { ...job, attemptsMade: 1 });

    expect((await smtp.waitForMessage()).to).toEqual(['guard@example.org', 'chief@example.org']);
    expect(smtp.received).toHaveLength(1);
    expect((await outcomes(other.job.id))[0]?.type).toBe('NotificationSkipped');
    expect((await outcomes(job.id))[0]?.type).toBe('NotificationSent');
  });

  it('refuses an unknown profile and a missing mail server as unrecoverable, with clear messages', async () => {
    const unknown = aJob(randomUUID());
    const noProfile = await thrownBy(() => sut.execute(unknown.data, unknown.job));

    const fresh = await createTestDatabase();
    const freshStore = new PostgresEventStore({ connectionString: fresh.url, poolSize: 2 });
    try {
      const unconfigured = new SendNotificationExecutor(freshStore, box);
      const profile = await handleCommand(freshStore, notificationProfileStream('np-x'), notificationProfileDecider, {
        type: 'CreateNotificationProfile',
        data: {
          profile: { ...NOTIFICATION_PROFILE_DEFAULTS, id: 'np-x', name: 'X', recipients: ['a@b.cc'] },
          byUserId: 'admin',
          now: Date.now(),
        },
      });
      expect(profile.events).toHaveLength(1);
      const { data, job } = aJob('np-x');
      const noServer = await thrownBy(() => unconfigured.execute(data, job));

      expect(noServer).toBeInstanceOf(UnrecoverableError);
      expect(noServer.message).toContain('no mail server is configured');
    } finally {
      await freshStore.close();
      await fresh.drop();
    }
    expect(noProfile).toBeInstanceOf(UnrecoverableError);
    expect(noProfile.message).toContain(`notification profile ${unknown.data.notificationProfileId}`);
  });

  it('never puts the SMTP password in an error or a log line, even when the login is refused', async () => {
    const smtp = await aServer({ auth: { user: 'vigil', pass: 'the-server-expects-another' } });
    await givenMailServer(smtp.port, { user: 'vigil', pass: SMTP_PASSWORD });
    const profile = await givenProfile();
    const { data, job } = aJob(profile.id);

    const refused = await thrownBy(() => sut.execute(data, job));

    expect(refused).toBeInstanceOf(UnrecoverableError);
    expect(refused.message).toContain('refused the login');
    expect(smtp.logins.at(-1)).toEqual({ user: 'vigil', pass: SMTP_PASSWORD }); // it was really sent
    const secretForms = [SMTP_PASSWORD, Buffer.from(`\u0000vigil\u0000${SMTP_PASSWORD}`).toString('base64')];
    const everything = [refused.message, refused.stack ?? '', ...logs.lines].join('\n');
    expect(logs.lines.some((line) => line.includes('refused the login'))).toBe(true);
    for (const secret of secretForms) {
      expect(everything).not.toContain(secret);
    }
    const stored = await readAllOf(store.readAll());
    expect(JSON.stringify(stored.map((event) => event.data))).not.toContain(SMTP_PASSWORD);
  });
});
