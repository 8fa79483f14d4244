import type { EpochMs } from '../access/access.types';
import type { NotificationProfile } from './notification-profile';

/**
 * What a notification takes from each image camera's recordings (FEATURES 4.2, S2:12415-12422): still images at
 * the trigger and every `timeBetweenImagesMs` after it, and an AVI clip from `timeBeforeEventSeconds` before the
 * trigger to `timeAfterEventSeconds` after it at `frameRate`. `needsMediaUntil` is the last instant either needs:
 * the e-mail waits for the recording to reach it.
 */
export type NotificationMediaPlan = Readonly<{
  stills: readonly EpochMs[];
  clip?: Readonly<{ from: EpochMs; to: EpochMs; frameRate: number }>;
  /** The earliest instant the plan reads (the clip's start, else the first still). */
  needsMediaFrom: EpochMs;
  needsMediaUntil: EpochMs;
}>;

/** The plan of a profile for a trigger at `at`; undefined when the profile attaches nothing. */
export const notificationMediaPlan = (profile: NotificationProfile, at: EpochMs): NotificationMediaPlan | undefined => {
  const stills = profile.includeImages
    ? Array.from({ length: profile.numberOfImages }, (_, index) => at + index * profile.timeBetweenImagesMs)
    : [];
  const clipFrom = at - profile.timeBeforeEventSeconds * 1_000;
  const clipTo = at + profile.timeAfterEventSeconds * 1_000;
  const clip =
    profile.includeAvi && clipTo > clipFrom ? { from: clipFrom, to: clipTo, frameRate: profile.frameRate } : undefined;
  if (stills.length === 0 && clip === undefined) {
    return undefined;
  }
  return {
    stills,
    ...(clip === undefined ? {} : { clip }),
    needsMediaFrom: Math.min(...stills, clip?.from ?? Infinity),
    needsMediaUntil: Math.max(...stills, clip?.to ?? -Infinity),
  };
};

/**
 * What one image camera's recordings hold for a plan, as found on disk and in its recording stream: whether a
 * recording overlaps the plan's range (`none`), is still being written (`running`) or has stopped (`ended`: no more
 * media will come), and the end of the last segment written (undefined when none).
 */
export type RecordedMediaState = Readonly<{ recording: 'none' | 'running' | 'ended'; mediaUntil?: EpochMs }>;

/**
 * How long after `needsMediaUntil` a notification waits for a running recording to reach it; then it goes out with
 * what there is (a recording stalled or a camera gone must not hold the e-mail back forever). Inferred: the seed
 * states no limit.
 */
export const NOTIFICATION_MEDIA_MAX_WAIT_MS = 30_000;
/**
 * How long after `needsMediaUntil` a notification waits for a recording to appear at all: the rule's Start recording
 * runs next to the notification and its recording shows up within a segment or two. Without one there is nothing
 * to attach (S2:7851: "unless something is actually being recorded").
 */
export const NOTIFICATION_MEDIA_NO_RECORDING_WAIT_MS = 5_000;
/** A recorder writes a segment about every second: looking again more often finds nothing new. */
export const NOTIFICATION_MEDIA_RECHECK_MS = 1_000;

export type NotificationMediaReadiness = Readonly<{ ready: true }> | Readonly<{ ready: false; recheckAt: EpochMs }>;

/**
 * Whether the e-mail can be assembled now: every camera's media reaches the plan's end or will get no more, or the
 * wait is over. Otherwise, when to look again.
 */
export const notificationMediaReadiness = (
  plan: NotificationMediaPlan,
  cameras: readonly RecordedMediaState[],
  now: EpochMs,
): NotificationMediaReadiness => {
  const waitFor = (camera: RecordedMediaState): EpochMs | undefined => {
    if ((camera.mediaUntil ?? -Infinity) >= plan.needsMediaUntil || camera.recording === 'ended') {
      return undefined;
    }
    const wait = camera.recording === 'none' ? NOTIFICATION_MEDIA_NO_RECORDING_WAIT_MS : NOTIFICATION_MEDIA_MAX_WAIT_MS;
    const deadline = plan.needsMediaUntil + wait;
    return now >= deadline ? undefined : deadline;
  };
  const deadlines = cameras.map(waitFor).filter((deadline): deadline is EpochMs => deadline !== undefined);
  if (deadlines.length === 0) {
    return { ready: true };
  }
  const recheckAt = Math.max(now, plan.needsMediaUntil) + NOTIFICATION_MEDIA_RECHECK_MS;
  return { ready: false, recheckAt: Math.min(recheckAt, Math.max(...deadlines)) };
};

/** A file a notification attaches, by the name it has in the e-mail. */
export type NotificationMediaFile = Readonly<{ filename: string }>;

/**
 * What one image camera gave a notification: the still images taken (each at its instant) and those the recordings
 * did not hold, and the AVI clip when one was asked for (`clip` undefined: nothing recorded in its range).
 */
export type NotificationMediaSource = Readonly<{
  deviceId: string;
  deviceName: string;
  stills: readonly (NotificationMediaFile & Readonly<{ at: EpochMs }>)[];
  stillsMissing: readonly EpochMs[];
  clip?: NotificationMediaFile & Readonly<{ from: EpochMs; to: EpochMs; frameRate: number }>;
  clipMissing: boolean;
}>;

/** File names that sort in time order and say where and when: `<camera>-<UTC time>.jpg` / `.avi`. */
export const notificationMediaFilename = (deviceName: string, at: EpochMs, extension: 'jpg' | 'avi'): string => {
  const camera = deviceName.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'camera';
  const time = new Date(at).toISOString().replace(/[-:]/g, '').replace('.', '-');
  return `${camera}-${time}.${extension}`;
};
