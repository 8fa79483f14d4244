import type { StoredEvent } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import {
  closedLocalPort,
  startSmtpTestServer,
  type SmtpTestServer,
} from '../../../../libs/infrastructure/src/testing/smtp-test-server';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { RuleView } from '../rules/rules.dto';

const SMTP_PASSWORD = 'smtp-S3cret-Passw0rd';

const aProfile = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  recipients: 'guard@example.org;chief@example.org',
  subject: 'Vigil: $RuleName$ ($EventName$)',
  messageText: 'Sent to $RecipientList$.',
  timeBetweenEmailsSeconds: 120,
  ...extra,
});

describe('notification profiles and mail server settings API', () => {
  let api: ApiTestApp;
  let owner: Session;
  let smtp: SmtpTestServer;
  let store: PostgresEventStore;
  const as = <T extends { set: (name: string, value: string) => T }>(call: T): T =>
    call.set('Authorization', bearer(owner));

  const create = async (body: Record<string, unknown>): Promise<string> => {
    const response = await as(api.http().post('/api/notification-profiles')).send(body).expect(201);
    return (response.body as { notificationProfileId: string }).notificationProfileId;
  };

  beforeAll(async () => {
    smtp = await startSmtpTestServer({ auth: { user: 'vigil', pass: SMTP_PASSWORD } });
    api = await startApiTestApp({ VIGIL_SECRETS_KEY: 'api-int-spec-secrets-key-0123456789abcdef' });
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await store.close();
    await api.close();
    await smtp.close();
  });

  it("creates with the seed's defaults and semicolon recipients, reads, lists, updates and deletes", async () => {
    const id = await create(aProfile('Lobby'));

    const fetched = await as(api.http().get(`/api/notification-profiles/${id}`)).expect(200);
    expect(fetched.body).toEqual({
      id,
      name: 'Lobby',
      description: '',
      recipients: ['guard@example.org', 'chief@example.org'],
      subject: 'Vigil: $RuleName$ ($EventName$)',
      messageText: 'Sent to $RecipientList$.',
      timeBetweenEmailsSeconds: 120,
      numberOfImages: 5,
      timeBetweenImagesMs: 500,
      timeBeforeEventSeconds: 2,
      timeAfterEventSeconds: 4,
      frameRate: 5,
      embedImages: true,
      includeImages: false,
      includeAvi: false,
    });

    await as(api.http().put(`/api/notification-profiles/${id}`))
      .send(aProfile('Lobby desk', { recipients: ['desk@example.org'], includeImages: true }))
      .expect(204);
    const listed = await as(api.http().get('/api/notification-profiles')).expect(200);
    expect(listed.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id, name: 'Lobby desk', recipients: ['desk@example.org'], includeImages: true }),
      ]),
    );

    await as(api.http().delete(`/api/notification-profiles/${id}`)).expect(204);
    const gone = await as(api.http().get(`/api/notification-profiles/${id}`)).expect(404);
    expect(gone.body).toMatchObject({ code: 'NOTIFICATION_PROFILE_NOT_FOUND' });
    const stored = await readAllOf(store.readStream(`notificationprofile-${id}`));
    expect(stored.map((event) => event.type)).toEqual([
      'NotificationProfileCreated',
      'NotificationProfileUpdated',
      'NotificationProfileDeleted',
    ]);
  });

  it('answers 409 for a taken name (case-insensitive) and 422 listing every problem, unknown fields included', async () => {
    await create(aProfile('Front gate'));

    const taken = await as(api.http().post('/api/notification-profiles')).send(aProfile('FRONT GATE')).expect(409);
    const invalid = await as(api.http().post('/api/notification-profiles'))
      .send({ name: '', recipients: 'ok@example.org;nope', frameRate: 0, colour: 'red' })
      .expect(422);

    expect(taken.body).toMatchObject({ code: 'NOTIFICATION_PROFILE_NAME_TAKEN' });
    expect(invalid.body).toMatchObject({
      code: 'NOTIFICATION_PROFILE_INVALID',
      details: {
        problems: [
          'colour: unknown field',
          'name: needs 1 to 100 characters',
          "recipients: 'nope' is not an e-mail address",
          'frameRate: an integer from 1 to 30',
        ],
      },
    });
  });

  it('refuses to delete a profile a rule sends notifications with, naming the rule; rules show its name', async () => {
    const id = await create(aProfile('Security: Red Sector Entrance'));
    const unknown = await as(api.http().post('/api/rules')).send({
      name: 'Notify nobody',
      description: '',
      active: true,
      trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'all', deviceKinds: ['camera'] } },
      conditions: [],
      actions: [{ type: 'SendNotification', notificationProfileId: '6f1c1f5e-1111-4a4a-8a8a-000000000001' }],
    });
    const rule = await as(api.http().post('/api/rules'))
      .send({
        name: 'Red sector door',
        description: '',
        active: true,
        trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'all', deviceKinds: ['camera'] } },
        conditions: [],
        actions: [{ type: 'MakeLogEntry', text: 'door' }],
        stop: {
          criterion: { kind: 'afterSeconds', seconds: 10 },
          actions: [{ type: 'SendNotification', notificationProfileId: id }],
        },
      })
      .expect(201);

    const refused = await as(api.http().delete(`/api/notification-profiles/${id}`)).expect(409);
    const view = await as(api.http().get(`/api/rules/${(rule.body as { ruleId: string }).ruleId}`)).expect(200);

    expect(unknown.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'NOTIFICATION_PROFILE_IN_USE',
      details: { usedBy: ['rule Red sector door'] },
    });
    expect((view.body as RuleView).description).toContain("Send notification to 'Security: Red Sector Entrance'");
  });

  it('keeps the SMTP password encrypted and never returns it; the test e-mail goes through the server', async () => {
    const before = await as(api.http().get('/api/settings/mail-server')).expect(200);
    const missingPassword = await as(api.http().put('/api/settings/mail-server'))
      .send({
        senderAddress: 'vigil@example.org',
        host: '127.0.0.1',
        port: smtp.port,
        requiresLogin: true,
        userName: 'vigil',
      })
      .expect(422);
    const saved = await as(api.http().put('/api/settings/mail-server'))
      .send({
        senderAddress: 'vigil@example.org',
        host: '127.0.0.1',
        port: smtp.port,
        requiresLogin: true,
        userName: 'vigil',
        password: SMTP_PASSWORD,
      })
      .expect(200);
    const id = await create(aProfile('Test mail'));

    const sent = await as(api.http().post(`/api/notification-profiles/${id}/test`)).expect(200);
    const mail = await smtp.waitForMessage();

    expect(before.body).toMatchObject({ configured: false, port: 25, hasPassword: false });
    expect(missingPassword.body).toMatchObject({
      code: 'MAIL_SERVER_SETTINGS_INVALID',
      details: { problems: ['password: required when the server requires login'] },
    });
    expect(saved.body).toEqual({
      configured: true,
      senderAddress: 'vigil@example.org',
      host: '127.0.0.1',
      port: smtp.port,
      startTls: false,
      requiresLogin: true,
      userName: 'vigil',
      hasPassword: true,
    });
    expect(JSON.stringify(saved.body)).not.toContain(SMTP_PASSWORD);
    const settingsEvents: StoredEvent[] = await readAllOf(store.readStream('settings-mailserver'));
    expect(settingsEvents).toHaveLength(1);
    expect(JSON.stringify(settingsEvents[0]?.data)).not.toContain(SMTP_PASSWORD);
    expect(settingsEvents[0]?.data).toMatchObject({ encryptedPassword: expect.stringMatching(/^v1\./) as unknown });

    expect(sent.body).toMatchObject({ accepted: ['guard@example.org', 'chief@example.org'], rejected: [] });
    expect(mail).toMatchObject({
      from: 'vigil@example.org',
      to: ['guard@example.org', 'chief@example.org'],
      subject: 'Vigil: Test E-mail (TestEmail)',
    });
    expect(mail.text).toContain('Sent to guard@example.org;chief@example.org.');
    expect(mail.text).toContain('What triggered the e-mail notification');
    expect(smtp.logins.at(-1)).toEqual({ user: 'vigil', pass: SMTP_PASSWORD });

    // Saving again without a password keeps the stored one
    await as(api.http().put('/api/settings/mail-server'))
      .send({
        senderAddress: 'alarms@example.org',
        host: '127.0.0.1',
        port: smtp.port,
        requiresLogin: true,
        userName: 'vigil',
      })
      .expect(200);
    await as(api.http().post(`/api/notification-profiles/${id}/test`)).expect(200);
    expect((await smtp.waitForMessage()).from).toBe('alarms@example.org');
  });

  it('answers 502 with a code when the mail server is unreachable, and 409 when none is configured', async () => {
    const id = await create(aProfile('Unreachable'));
    await as(api.http().put('/api/settings/mail-server'))
      .send({ senderAddress: 'vigil@example.org', host: '127.0.0.1', port: await closedLocalPort() })
      .expect(200);

    const failed = await as(api.http().post(`/api/notification-profiles/${id}/test`)).expect(502);

    expect(failed.body).toMatchObject({ statusCode: 502, code: 'SMTP_UNREACHABLE', details: { permanent: false } });
  });

  it('keeps the AVI generation settings: defaults first, a compressor with what it has, 422 for what it lacks', async () => {
    // Given nothing saved, then Motion JPEG at light compression, and the compressors with what each has
    const defaults = await as(api.http().get('/api/settings/avi-generation')).expect(200);
    expect(defaults.body).toMatchObject({
      compressor: 'mjpeg',
      compressionQuality: 10,
      keyframeEvery: null,
      dataRateKBps: null,
      compressors: { mpeg4: { quality: true, keyframes: true, dataRate: true }, cinepak: { quality: false } },
    });

    // When MPEG-4 with a keyframe every 25 frames and 256 kB/s is saved
    const saved = await as(api.http().put('/api/settings/avi-generation'))
      .send({ compressor: 'mpeg4', compressionQuality: 40, keyframeEvery: 25, dataRateKBps: 256 })
      .expect(200);

    // Then it is what the API shows and what the store holds
    expect(saved.body).toMatchObject({
      compressor: 'mpeg4',
      compressionQuality: 40,
      keyframeEvery: 25,
      dataRateKBps: 256,
    });
    const events = await readAllOf(store.readStream('settings-avigeneration'));
    expect(events.map((event: StoredEvent) => event.type)).toEqual(['AviGenerationSettingsChanged']);

    // and settings a compressor does not have, unknown compressors and fields are refused, every problem listed
    const refused = await as(api.http().put('/api/settings/avi-generation'))
      .send({ compressor: 'cinepak', compressionQuality: 50, dataRateKBps: 100 })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'AVI_GENERATION_SETTINGS_INVALID' });
    expect((refused.body as { details: { problems: string[] } }).details.problems).toEqual([
      'compressionQuality: not available for Cinepak (leave it null)',
      'dataRateKBps: not available for Cinepak (leave it null)',
    ]);
    const unknown = await as(api.http().put('/api/settings/avi-generation'))
      .send({ compressor: 'h264', bitrate: 1 })
      .expect(422);
    expect((unknown.body as { details: { problems: string[] } }).details.problems).toEqual([
      'bitrate: unknown field',
      'compressor: one of mjpeg, mpeg4, cinepak',
    ]);
  });
});

describe('notification test e-mail without a mail server', () => {
  it('answers 409 MAIL_SERVER_NOT_CONFIGURED', async () => {
    const api = await startApiTestApp();
    try {
      const owner = await login(api, 'owner', OWNER_PASSWORD);
      const created = await api
        .http()
        .post('/api/notification-profiles')
        .set('Authorization', bearer(owner))
        .send(aProfile('No server'))
        .expect(201);
      const id = (created.body as { notificationProfileId: string }).notificationProfileId;

      const response = await api
        .http()
        .post(`/api/notification-profiles/${id}/test`)
        .set('Authorization', bearer(owner))
        .expect(409);

      expect(response.body).toMatchObject({ code: 'MAIL_SERVER_NOT_CONFIGURED' });
    } finally {
      await api.close();
    }
  });
});
