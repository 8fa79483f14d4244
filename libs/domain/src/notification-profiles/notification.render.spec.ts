import { NOTIFICATION_PROFILE_DEFAULTS, type NotificationProfile } from './notification-profile';
import { renderNotification, renderTemplate } from './notification.render';

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

  it('names the image source devices when the profile includes images or AVI, and says they are not attached', () => {
    const rendered = renderNotification({ ...profile, includeImages: true }, { ...trigger, sourceDeviceId: undefined });

    expect(rendered.text).toContain('  Source: (no device)');
    expect(rendered.text).toContain(
      'The source of any attached still images or AVI video clips\n  Devices: cam-entrance, cam-lobby\n  Not attached',
    );
  });

  it('never expands a value twice and keeps the subject on one line', () => {
    expect(renderTemplate('$RuleName$', { $RuleName$: '$DeviceName$', $DeviceName$: 'x' })).toBe('$DeviceName$');
    expect(renderNotification(profile, { ...trigger, sourceDeviceId: 'cam\r\nBcc: evil@x.yy' }).subject).toBe(
      'MotionStarted on cam Bcc: evil@x.yy (Door alarm)',
    );
  });
});
