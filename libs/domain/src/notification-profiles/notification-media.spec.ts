import {
  NOTIFICATION_MEDIA_MAX_WAIT_MS,
  NOTIFICATION_MEDIA_NO_RECORDING_WAIT_MS,
  NOTIFICATION_MEDIA_RECHECK_MS,
  notificationMediaFilename,
  notificationMediaPlan,
  notificationMediaReadiness,
  type NotificationMediaPlan,
} from './notification-media';
import { NOTIFICATION_PROFILE_DEFAULTS, type NotificationProfile } from './notification-profile';

const AT = Date.UTC(2025, 5, 1, 12, 0, 0);
const profile: NotificationProfile = {
  ...NOTIFICATION_PROFILE_DEFAULTS,
  id: 'np-1',
  name: 'Security',
  recipients: ['a@b.cc'],
};

describe('notification media plan (FEATURES 4.2)', () => {
  it('given the seed defaults with images and AVI, then 5 stills 500 ms apart from the trigger and a clip from 2 s before to 4 s after at 5 fps', () => {
    const plan = notificationMediaPlan({ ...profile, includeImages: true, includeAvi: true }, AT);

    expect(plan).toEqual({
      stills: [AT, AT + 500, AT + 1_000, AT + 1_500, AT + 2_000],
      clip: { from: AT - 2_000, to: AT + 4_000, frameRate: 5 },
      needsMediaFrom: AT - 2_000,
      needsMediaUntil: AT + 4_000,
    });
  });

  it('given only images, then no clip and the media needed ends at the last still', () => {
    const plan = notificationMediaPlan(
      { ...profile, includeImages: true, numberOfImages: 3, timeBetweenImagesMs: 2_000 },
      AT,
    );

    expect(plan).toEqual({ stills: [AT, AT + 2_000, AT + 4_000], needsMediaFrom: AT, needsMediaUntil: AT + 4_000 });
  });

  it('given nothing to include, zero images, or an empty clip, then no plan', () => {
    expect(notificationMediaPlan(profile, AT)).toBeUndefined();
    expect(notificationMediaPlan({ ...profile, includeImages: true, numberOfImages: 0 }, AT)).toBeUndefined();
    expect(
      notificationMediaPlan({ ...profile, includeAvi: true, timeBeforeEventSeconds: 0, timeAfterEventSeconds: 0 }, AT),
    ).toBeUndefined();
  });

  it('names files by camera and UTC time, with nothing a mail client or file system would choke on', () => {
    expect(notificationMediaFilename('Gate 1/North', AT + 250, 'jpg')).toBe('Gate_1_North-20250601T120000-250Z.jpg');
    expect(notificationMediaFilename('«»', AT, 'avi')).toBe('_-20250601T120000-000Z.avi');
  });
});

describe('notification media readiness', () => {
  const plan = notificationMediaPlan(
    { ...profile, includeImages: true, includeAvi: true },
    AT,
  ) as NotificationMediaPlan;
  const until = plan.needsMediaUntil;

  it('given media reaching the last instant, or a recording that stopped, then ready', () => {
    expect(notificationMediaReadiness(plan, [{ recording: 'running', mediaUntil: until }], until - 5_000)).toEqual({
      ready: true,
    });
    expect(notificationMediaReadiness(plan, [{ recording: 'ended', mediaUntil: until - 3_000 }], AT)).toEqual({
      ready: true,
    });
  });

  it('given a running recording short of the end, then look again a second after the end, and give up after the wait', () => {
    const short = [{ recording: 'running', mediaUntil: until - 1_500 }] as const;

    expect(notificationMediaReadiness(plan, short, AT)).toEqual({
      ready: false,
      recheckAt: until + NOTIFICATION_MEDIA_RECHECK_MS,
    });
    expect(notificationMediaReadiness(plan, short, until + 2_000)).toEqual({
      ready: false,
      recheckAt: until + 2_000 + NOTIFICATION_MEDIA_RECHECK_MS,
    });
    expect(notificationMediaReadiness(plan, short, until + NOTIFICATION_MEDIA_MAX_WAIT_MS - 200)).toEqual({
      ready: false,
      recheckAt: until + NOTIFICATION_MEDIA_MAX_WAIT_MS,
    });
    expect(notificationMediaReadiness(plan, short, until + NOTIFICATION_MEDIA_MAX_WAIT_MS)).toEqual({ ready: true });
  });

  it('given no recording at all, then wait only the short time a Start recording needs to show up', () => {
    const none = [{ recording: 'none' }] as const;

    expect(notificationMediaReadiness(plan, none, until + 1_000)).toMatchObject({ ready: false });
    expect(notificationMediaReadiness(plan, none, until + NOTIFICATION_MEDIA_NO_RECORDING_WAIT_MS)).toEqual({
      ready: true,
    });
  });

  it('given several cameras, then ready only when each is', () => {
    const cameras = [{ recording: 'ended' }, { recording: 'running', mediaUntil: until - 500 }] as const;

    expect(notificationMediaReadiness(plan, cameras, until)).toMatchObject({ ready: false });
    expect(notificationMediaReadiness(plan, [cameras[0], { ...cameras[1], mediaUntil: until }], until)).toEqual({
      ready: true,
    });
  });
});
