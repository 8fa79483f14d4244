// End to end, all in one process but each app as it runs in production: the API (cameras, mail server, notification
// profiles, rules), the rule engine and the recorder worker, on one database and one queue prefix, with a simulated
// camera (real ONVIF events, real RTSP, real ffmpeg) and a real SMTP server. Motion on the camera records it (the
// default Record on Motion) and sends a notification whose e-mail carries still images and an AVI clip cut from
// that recording (FEATURES 4.2, 4.4: "pair the action with Start recording").
import { cameraStream, recordingStream, type StoredEvent } from '@vigil/domain';
import { simpleParser, type ParsedMail } from 'mailparser';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAllOf } from '../../../libs/infrastructure/src/testing/event-store.fixtures';
import { startSmtpTestServer, type SmtpTestServer } from '../../../libs/infrastructure/src/testing/smtp-test-server';
import { eventually } from '../../../libs/infrastructure/src/testing/wait.fixtures';
import { probeVideo } from '../../../libs/media/src/testing/video-probe.fixture';
import { RecordingService } from './recording/recording.service';
import { startCameraSite, type CameraSite } from './testing/camera-site.test-bed';

const CREDENTIALS = { username: 'admin', password: 'N0tify-Pass' };

describe('Notification with images end to end (API, rule engine, recorder worker, simulated camera, SMTP)', () => {
  let site: CameraSite;
  let smtp: SmtpTestServer;

  const eventsOf = (stream: string): Promise<StoredEvent[]> => readAllOf(site.store.readStream(stream));

  beforeAll(async () => {
    // Given a camera added through the API, the rule engine (default rules: Record on Motion) and its recorder
    site = await startCameraSite(CREDENTIALS);
    smtp = await startSmtpTestServer();
    await site.startRuleEngine();
    const recorder = await site.startRecorder({ PRE_BUFFER_SECONDS: '6', COMMUNICATION_ERROR_DEBOUNCE_SECONDS: '1' });
    await eventually(() => {
      const since = recorder.get(RecordingService).recorderOf(site.cameraId)?.bufferedSince;
      return since !== undefined && since < Date.now() - 3_000;
    }, 'a 3 s pre-buffer');
    await eventually(() => site.camera.subscriptionCount() > 0, 'the pull-point subscription');
  });

  afterAll(async () => {
    await smtp?.close();
    await site?.close();
  });

  it('given a rule that notifies on motion with images from the camera, when motion starts, then the e-mail shows 5 stills and attaches a 6 s AVI of the camera', async () => {
    // Given the mail server, a profile with images (embedded) and AVI at the seed's defaults, and the rule
    const as = <T extends { set: (name: string, value: string) => T }>(request: T): T =>
      request.set('Authorization', site.authorization);
    const http = site.api.http();
    await as(http.put('/api/settings/mail-server'))
      .send({ senderAddress: 'vigil@example.org', host: '127.0.0.1', port: smtp.port })
      .expect(200);
    const profile = await as(http.post('/api/notification-profiles'))
      .send({
        name: 'Motion with pictures',
        recipients: 'guard@example.org',
        subject: 'Motion on $DeviceName$',
        includeImages: true,
        includeAvi: true,
      })
      .expect(201);
    await as(http.post('/api/rules'))
      .send({
        name: 'Mail the guard on motion',
        description: '',
        active: true,
        trigger: {
          kind: 'event',
          eventType: 'MotionStarted',
          sources: { kind: 'devices', deviceIds: [site.cameraId] },
        },
        conditions: [],
        actions: [
          {
            type: 'SendNotification',
            notificationProfileId: (profile.body as { notificationProfileId: string }).notificationProfileId,
            imagesFrom: { kind: 'eventDevice' },
          },
        ],
      })
      .expect(201);
    const camera = await as(http.get(`/api/cameras/${site.cameraId}`)).expect(200);
    const cameraName = (camera.body as { name: string }).name;

    // When motion starts on the camera (and goes on until the e-mail is out)
    site.camera.startMotion();
    const motion = await eventually(
      async () => (await eventsOf(cameraStream(site.cameraId))).find((event) => event.type === 'MotionStarted'),
      'MotionStarted',
    );
    let mail: ParsedMail;
    try {
      mail = await simpleParser((await smtp.waitForMessage(40_000)).raw, { keepCidLinks: true });
    } finally {
      site.camera.stopMotion();
    }

    // Then the e-mail names the camera, and shows five stills of it in its HTML part
    const at = (motion.data as { at: number }).at;
    expect(mail.subject).toBe(`Motion on ${cameraName}`);
    const stills = mail.attachments.filter((part) => part.contentType === 'image/jpeg');
    expect(stills).toHaveLength(5);
    for (const still of stills) {
      expect(still.contentDisposition).toBe('inline');
      expect(mail.html).toContain(`cid:${still.cid ?? 'missing'}`);
      expect(still.content.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8])); // a JPEG
    }
    expect(mail.text).toContain(`Still images: 5 from ${new Date(at).toISOString()}, 500 ms apart (in the message)`);
    // and attaches an MJPEG AVI of 6 s at 5 fps from the recording the motion started
    const [clip] = mail.attachments.filter((part) => part.contentType === 'video/avi');
    const clipFile = join(site.storage, 'received.avi');
    writeFileSync(clipFile, clip?.content ?? Buffer.alloc(0));
    const { codec, frames } = probeVideo(clipFile);
    expect(codec).toBe('mjpeg');
    expect(frames).toBeGreaterThanOrEqual(29);
    expect(frames).toBeLessThanOrEqual(31);
    expect((await eventsOf(recordingStream(site.cameraId))).map((event) => event.type)).toContain('RecordingStarted');
  });
});
