import type { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  AVI_GENERATION_SETTINGS_STREAM,
  aviGenerationDecider,
  MAIL_SERVER_SETTINGS_STREAM,
  mailServerDecider,
  NOTIFICATION_PROFILE_DEFAULTS,
  notificationProfileDecider,
  notificationProfileStream,
  notificationRateStream,
  notificationStream,
  recordingStream,
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
  RunAgainLaterError,
  SecretBox,
} from '@vigil/infrastructure';
import { RecordingWriter, type Segment } from '@vigil/media';
import { UnrecoverableError } from 'bullmq';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import {
  averageColour,
  nearestColour,
  writeColourSegments,
} from '../../../../libs/media/src/testing/colour-segments.fixture';
import { keyframeIndexes, probeVideo } from '../../../../libs/media/src/testing/video-probe.fixture';
import {
  closedLocalPort,
  startSmtpTestServer,
  type SmtpTestServer,
} from '../../../../libs/infrastructure/src/testing/smtp-test-server';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { NotificationMediaCollector } from './notification-media.collector';
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
        NotificationMediaCollector,
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
      const unconfigured = new SendNotificationExecutor(freshStore, box, new NotificationMediaCollector(freshStore));
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

  describe('with still images and AVI clips from the recordings (FEATURES 4.2, 4.4)', () => {
    let media: string;
    const cameraId = `cam-${randomUUID().slice(0, 8)}`;

    /** A recording of the camera: its folder written by the recorder's writer, its start and (when given) stop. */
    const givenRecording = async (segments: readonly Segment[], stopped: boolean): Promise<RecordingWriter> => {
      const recordingId = randomUUID();
      const writer = RecordingWriter.create(join(media, cameraId, recordingId));
      segments.forEach((segment) => writer.add(segment));
      const from = segments[0]?.start ?? 0;
      const common = { cameraId, recordingId, sessionIds: ['session-1'], from, at: from };
      await store.append(
        recordingStream(cameraId),
        [
          {
            id: randomUUID(),
            type: 'RecordingStarted',
            data: { ...common, triggeredAt: from, directory: writer.directory },
          },
          ...(stopped
            ? [{ id: randomUUID(), type: 'RecordingStopped', data: { ...common, to: writer.summary()?.to ?? from } }]
            : []),
        ],
        'any',
      );
      return writer;
    };
    const stopRecording = async (writer: RecordingWriter): Promise<void> => {
      const summary = writer.summary();
      const recordingId = basename(writer.directory);
      await store.append(
        recordingStream(cameraId),
        [
          {
            id: randomUUID(),
            type: 'RecordingStopped',
            data: {
              cameraId,
              recordingId,
              sessionIds: ['session-1'],
              from: summary?.from,
              to: summary?.to,
              at: Date.now(),
            },
          },
        ],
        'any',
      );
    };
    const colourOf = async (content: Buffer, extension: string, frame = 0): Promise<string> => {
      const file = join(media, `${randomUUID()}.${extension}`);
      writeFileSync(file, content);
      return nearestColour(await averageColour(file, frame));
    };
    const aMediaJob = (profileId: string, at: number) => {
      const { data, job } = aJob(profileId);
      return { data: { ...data, at, sourceDeviceId: cameraId, imageDeviceIds: [cameraId] }, job };
    };

    beforeAll(() => {
      media = mkdtempSync(join(tmpdir(), 'vigil-notification-media-'));
    });
    afterAll(() => rmSync(media, { recursive: true, force: true }));

    it('embeds five stills 500 ms apart and attaches a 6 s AVI at 5 fps, cut from the recorded seconds around the trigger', async () => {
      // Given 8 s recorded from T0, one colour per second (red, lime, blue, yellow, magenta, cyan, white, black)
      const smtp = await aServer();
      await givenMailServer(smtp.port);
      const t0 = Math.floor(Date.now() / 1_000) * 1_000 - 60_000;
      await givenRecording(await writeColourSegments(join(media, 'source-1'), t0, 8), true);
      // and a profile with images and AVI at the seed's defaults
      const profile = await givenProfile({ includeImages: true, includeAvi: true, embedImages: true });
      const { data, job } = aMediaJob(profile.id, t0 + 3_000);

      // When motion at T0 + 3 s sends the notification
      await sut.execute(data, job);

      // Then the e-mail shows the stills at T0 + 3, 3.5, 4, 4.5 and 5 s in its HTML part
      const mail = await simpleParser((await smtp.waitForMessage()).raw, { keepCidLinks: true });
      const stills = mail.attachments.filter((part) => part.contentType === 'image/jpeg');
      expect(stills).toHaveLength(5);
      for (const still of stills) {
        expect(mail.html).toContain(`cid:${still.cid ?? 'missing'}`);
        expect(still.contentDisposition).toBe('inline');
      }
      const colours = await Promise.all(stills.map((still) => colourOf(still.content, 'jpg')));
      expect(colours).toEqual(['yellow', 'yellow', 'magenta', 'magenta', 'cyan']);
      // and the AVI holds T0 + 1 s to T0 + 7 s at 5 fps: lime first, white last
      const [clip, ...otherClips] = mail.attachments.filter((part) => part.contentType === 'video/avi');
      expect(otherClips).toEqual([]);
      expect(clip?.contentDisposition).toBe('attachment');
      const clipFile = join(media, 'received.avi');
      writeFileSync(clipFile, clip?.content ?? Buffer.alloc(0));
      const { frames } = probeVideo(clipFile);
      expect(frames).toBeGreaterThanOrEqual(29);
      expect(frames).toBeLessThanOrEqual(31);
      expect(await colourOf(clip?.content ?? Buffer.alloc(0), 'avi', 0)).toBe('lime');
      expect(await colourOf(clip?.content ?? Buffer.alloc(0), 'avi', frames - 1)).toBe('white');
      // and the body says where they come from; the outcome names the files
      expect(mail.text).toContain(
        `Still images: 5 from ${new Date(t0 + 3_000).toISOString()}, 500 ms apart (in the message)`,
      );
      const [sent] = await outcomes(job.id);
      expect((sent?.data as { attachments: string[] }).attachments).toHaveLength(6);
    });

    it('waits for a running recording to reach the last still, then attaches the stills as files', async () => {
      // Given a recording running since 2 s before the trigger, its media 1.5 s short of the second still
      const smtp = await aServer();
      await givenMailServer(smtp.port);
      const at = Date.now() - 1_000;
      const segments = await writeColourSegments(join(media, 'source-2'), at - 2_000, 4);
      const writer = await givenRecording(segments.slice(0, 2), false);
      const profile = await givenProfile({
        includeImages: true,
        numberOfImages: 2,
        timeBetweenImagesMs: 1_500,
        embedImages: false,
      });
      const { data, job } = aMediaJob(profile.id, at);

      // When the job runs, then it asks to run again a second after the last still, and sends nothing yet
      const early = await thrownBy(() => sut.execute(data, job));
      expect(early).toBeInstanceOf(RunAgainLaterError);
      expect((early as RunAgainLaterError).at).toBeGreaterThanOrEqual(at + 1_500);
      expect(smtp.received).toHaveLength(0);

      // When the recorder has written the next seconds and stopped, and the job runs again
      segments.slice(2).forEach((segment) => writer.add(segment));
      await stopRecording(writer);
      await sut.execute(data, job);

      // Then both stills are attached files (blue at the trigger, yellow 1.5 s later), with no HTML part
      const mail = await simpleParser((await smtp.waitForMessage()).raw, { keepCidLinks: true });
      const stills = mail.attachments.filter((part) => part.contentType === 'image/jpeg');
      expect(stills.map((still) => still.contentDisposition)).toEqual(['attachment', 'attachment']);
      expect(await Promise.all(stills.map((still) => colourOf(still.content, 'jpg')))).toEqual(['blue', 'yellow']);
      expect(mail.html).toBeFalsy();
    });

    it('without any recording, sends once the short wait is over and says that nothing was recorded', async () => {
      const smtp = await aServer();
      await givenMailServer(smtp.port);
      const profile = await givenProfile({ includeImages: true, includeAvi: true });
      const { data, job } = aMediaJob(profile.id, Date.now() - 60_000);
      const lonely = { ...data, imageDeviceIds: [`cam-never-recorded-${randomUUID().slice(0, 8)}`] };

      await sut.execute(lonely, job);

      const mail = await simpleParser((await smtp.waitForMessage()).raw, { keepCidLinks: true });
      expect(mail.attachments).toEqual([]);
      expect(mail.text).toContain('Still images: none (nothing was recorded at those instants)');
      expect(mail.text).toContain('AVI clip: none (nothing was recorded in its range)');
    });

    it('encodes the AVI as the AVI generation settings say (FEATURES 4.6)', async () => {
      // Given MPEG-4 with a keyframe every 10 frames, and 4 s recorded around the trigger
      await handleCommand(store, AVI_GENERATION_SETTINGS_STREAM, aviGenerationDecider, {
        type: 'ConfigureAviGeneration',
        data: {
          settings: { compressor: 'mpeg4', compressionQuality: 30, keyframeEvery: 10, dataRateKBps: null },
          byUserId: 'admin',
          now: Date.now(),
        },
      });
      const smtp = await aServer();
      await givenMailServer(smtp.port);
      const t0 = Math.floor(Date.now() / 1_000) * 1_000 - 120_000;
      await givenRecording(await writeColourSegments(join(media, 'source-3'), t0, 4), true);
      const profile = await givenProfile({ includeAvi: true, timeBeforeEventSeconds: 1, timeAfterEventSeconds: 2 });
      const { data, job } = aMediaJob(profile.id, t0 + 1_000);

      await sut.execute(data, job);

      // Then the clip is MPEG-4 (Xvid) with a keyframe every 10 frames
      const mail = await simpleParser((await smtp.waitForMessage()).raw, { keepCidLinks: true });
      const [clip] = mail.attachments.filter((part) => part.contentType === 'video/avi');
      const clipFile = join(media, 'mpeg4.avi');
      writeFileSync(clipFile, clip?.content ?? Buffer.alloc(0));
      const { codec, tag, frames } = probeVideo(clipFile);
      expect([codec, tag]).toEqual(['mpeg4', 'XVID']);
      expect(frames).toBe(15);
      expect(keyframeIndexes(clipFile)).toEqual([0, 10]);
    });
  });
});
