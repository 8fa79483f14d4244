import { NOTIFICATION_PROFILE_DEFAULTS, type NotificationProfile } from './notification-profile';
import { notificationContentId, renderNotification, renderTemplate } from './notification.render';

const profile: NotificationProfile = {
  ...NOTIFICATION_PROFILE_DEFAULTS,
  id: 'np-1',
  name: 'Security',
  recipients: ['a@b.cc', 'd@e.ff'],
  subject: '$EventName$ on $DeviceName$ ($RuleName$)',
  messageText: 'At $TriggerTime$, $Unknown$ stays. To: $RecipientList$ via $ProfileName$.',
};
const trigger = {
  ruleName: 'Door alarm',
  eventName: 'MotionStarted',
  at: Date.UTC(2025, 0, 2, 3, 4, 5),
  sourceDeviceId: 'cam-entrance',
  imageDeviceIds: ['cam-entrance', 'cam-lobby'],
};

describe('notification renderer', () => {
  it('replaces the variables in subject and text and adds what triggered the e-mail (S2:12413)', () => {
    const rendered = renderNotification(profile, trigger);

    expect(rendered.subject).toBe('MotionStarted on cam-entrance (Door alarm)');
    expect(rendered.text).toBe(
      [
        'At 2025-01-02T03:04:05.000Z, $Unknown$ stays. To: a@b.cc;d@e.ff via Security.',
        '',
        'What triggered the e-mail notification',
        '  Rule: Door alarm',
        '  Event: MotionStarted',
        '  Time: 2025-01-02T03:04:05.000Z',
        '  Source: cam-entrance',
        '',
      ].join('\n'),
    );
  });

  it('says, camera by camera, which stills and clip are attached and which the recordings did not hold', () => {
    const at = trigger.at;
    const rendered = renderNotification(
      { ...profile, includeImages: true, includeAvi: true, embedImages: false, numberOfImages: 3 },
      { ...trigger, sourceDeviceName: 'Entrance' },
      [
        {
          deviceId: 'cam-entrance',
          deviceName: 'Entrance',
          stills: [
            { at, filename: 'Entrance-1.jpg' },
            { at: at + 500, filename: 'Entrance-2.jpg' },
          ],
          stillsMissing: [at + 1_000],
          clip: { filename: 'Entrance.avi', from: at - 2_000, to: at + 4_000, frameRate: 5 },
          clipMissing: false,
        },
        {
          deviceId: 'cam-lobby',
          deviceName: 'cam-lobby',
          stills: [],
          stillsMissing: [at, at + 500, at + 1_000],
          clipMissing: true,
        },
      ],
    );

    expect(rendered.subject).toBe('MotionStarted on Entrance (Door alarm)');
    expect(rendered.text).toContain('  Source: Entrance (cam-entrance)\n');
    expect(rendered.text).toContain(
      [
        'The source of any attached still images or AVI video clips',
        '  Entrance (cam-entrance)',
        '    Still images: 2 from 2025-01-02T03:04:05.000Z, 500 ms apart (attached)',
        '    Not recorded at: 2025-01-02T03:04:06.000Z',
        '    AVI clip: Entrance.avi, 2025-01-02T03:04:03.000Z to 2025-01-02T03:04:09.000Z at 5 fps (attached)',
        '  cam-lobby',
        '    Still images: none (nothing was recorded at those instants)',
        '    AVI clip: none (nothing was recorded in its range)',
        '',
      ].join('\n'),
    );
    expect(rendered.html).toBeUndefined();
  });

  it('given embedded images, then an HTML alternative shows each still by its Content-ID, with everything escaped', () => {
    const rendered = renderNotification(
      { ...profile, includeImages: true, messageText: '<b>$RuleName$</b>' },
      trigger,
      [
        {
          deviceId: 'cam-entrance',
          deviceName: 'Gate "A" & <B>',
          stills: [{ at: trigger.at, filename: 'Gate-1.jpg' }],
          stillsMissing: [],
          clipMissing: false,
        },
      ],
    );

    expect(rendered.text).toContain('    Still images: 1 from 2025-01-02T03:04:05.000Z, 500 ms apart (in the message)');
    expect(rendered.html).toContain('&#60;b&#62;Door alarm&#60;/b&#62;');
    expect(rendered.html).toContain('<h3>Gate &#34;A&#34; &#38; &#60;B&#62;</h3>');
    expect(rendered.html).toContain(`<img src="cid:${notificationContentId('Gate-1.jpg')}"`);
  });

  it('given a profile with images but no image devices, then says so', () => {
    expect(renderNotification({ ...profile, includeAvi: true }, { ...trigger, imageDeviceIds: [] }).text).toContain(
      'The source of any attached still images or AVI video clips\n  (no image devices)\n',
    );
  });

  it('never expands a value twice and keeps the subject on one line', () => {
    expect(renderTemplate('$RuleName$', { $RuleName$: '$DeviceName$', $DeviceName$: 'x' })).toBe('$DeviceName$');
    expect(renderNotification(profile, { ...trigger, sourceDeviceId: 'cam\r\nBcc: evil@x.yy' }).subject).toBe(
      'MotionStarted on cam Bcc: evil@x.yy (Door alarm)',
    );
  });
});
