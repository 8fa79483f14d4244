import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  cameraDecider,
  cameraStream,
  notificationContentId,
  notificationMediaFilename,
  recordingSpansOverlapping,
  recordingStream,
  selectPlaybackSegments,
  startsAtOrBefore,
  type EventStore,
  type NotificationMediaPlan,
  type NotificationMediaSource,
  type RecordedMediaState,
  type RecordingEventBody,
  type RecordingSpan,
} from '@vigil/domain';
import { EVENT_STORE, readState, type MailAttachment } from '@vigil/infrastructure';
import { exportAviClip, exportStillImage, readRecordingIndex, type AviEncoding, type Segment } from '@vigil/media';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A camera's recordings around a notification: what readiness is decided on, and the segments to cut from. */
export type CameraMedia = Readonly<{
  deviceId: string;
  state: RecordedMediaState;
  segments: readonly Segment[];
}>;

/** What the e-mail carries: a summary per camera for its body, and the files to attach or embed. */
export type WrittenNotificationMedia = Readonly<{
  sources: readonly NotificationMediaSource[];
  attachments: readonly MailAttachment[];
}>;

/** Newest-first reading of a recording stream stops after this many events: a notification looks at recent media. */
const RECORDING_EVENTS_READ_MAX = 1_000;
/** A recording's media may begin up to a GOP before the instant it keeps (segments start at keyframes). */
const GOP_LEAD_MS = 5_000;

/**
 * Finds and cuts the still images and AVI clips of a notification (FEATURES 4.2, 4.4) from the cameras' recordings:
 * their recording streams say which recordings overlap the plan's range and where their folders are; each folder's
 * index lists its segments. The folders are read on the file system the recorder workers write, as the API's
 * playback does (the shared-storage assumption in the README).
 */
@Injectable()
export class NotificationMediaCollector {
  private readonly logger = new Logger(NotificationMediaCollector.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The names of the cameras among these devices, each read once (a notification names its source and its image
   * cameras, often the same one); other devices (inputs, outputs) and unknown ids are left out.
   */
  async cameraNames(deviceIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const names = new Map<string, string>();
    for (const deviceId of new Set(deviceIds)) {
      const { state } = await readState(this.store, cameraStream(deviceId), cameraDecider);
      if (state.status === 'Live') {
        names.set(deviceId, state.camera.name);
      }
    }
    return names;
  }

  /** Each camera's recordings over the plan's range, as they are now. */
  async find(deviceIds: readonly string[], plan: NotificationMediaPlan): Promise<CameraMedia[]> {
    return Promise.all(
      deviceIds.map(async (deviceId) => {
        const spans = await this.recordingsOf(deviceId, plan);
        const segments = spans.flatMap((span) => this.segmentsOf(deviceId, span));
        const selection = selectPlaybackSegments(segments, plan.needsMediaFrom, plan.needsMediaUntil);
        const recording =
          spans.length === 0 ? 'none' : spans.some((span) => span.to === undefined) ? 'running' : 'ended';
        return {
          deviceId,
          state: {
            recording,
            ...(segments.length === 0 ? {} : { mediaUntil: Math.max(...segments.map((segment) => segment.end)) }),
          },
          segments: selection?.segments ?? [],
        } satisfies CameraMedia;
      }),
    );
  }

  /**
   * Cuts each camera's stills and clip into `directory`, naming files and sources by `names` (the camera's id when it
   * has none); what could not be cut is reported, never invented.
   */
  async write(
    cameras: readonly CameraMedia[],
    plan: NotificationMediaPlan,
    directory: string,
    options: Readonly<{ embed: boolean; encoding: AviEncoding; names: ReadonlyMap<string, string> }>,
  ): Promise<WrittenNotificationMedia> {
    const sources: NotificationMediaSource[] = [];
    const attachments: MailAttachment[] = [];
    for (const camera of cameras) {
      const deviceName = options.names.get(camera.deviceId) ?? camera.deviceId;
      const stills: NotificationMediaSource['stills'][number][] = [];
      const stillsMissing: number[] = [];
      for (const at of plan.stills) {
        const segment = camera.segments.find((each) => each.start <= at && at < each.end);
        const filename = notificationMediaFilename(deviceName, at, 'jpg');
        const path = join(directory, `${camera.deviceId}-${at}.jpg`);
        if (segment !== undefined && (await this.cut(() => exportStillImage(segment, at, path), camera, 'still'))) {
          stills.push({ at, filename });
          attachments.push({
            filename,
            path,
            contentType: 'image/jpeg',
            ...(options.embed ? { contentId: notificationContentId(filename) } : {}),
          });
        } else {
          stillsMissing.push(at);
        }
      }
      const clip =
        plan.clip === undefined
          ? undefined
          : await this.clipOf(camera, deviceName, plan.clip, directory, options.encoding);
      if (clip !== undefined) {
        attachments.push({ filename: clip.filename, path: clip.path, contentType: 'video/avi' });
      }
      sources.push({
        deviceId: camera.deviceId,
        deviceName,
        stills,
        stillsMissing,
        ...(clip === undefined
          ? {}
          : { clip: { filename: clip.filename, from: clip.from, to: clip.to, frameRate: clip.frameRate } }),
        clipMissing: plan.clip !== undefined && clip === undefined,
      });
    }
    return { sources, attachments };
  }

  private async clipOf(
    camera: CameraMedia,
    deviceName: string,
    clip: NonNullable<NotificationMediaPlan['clip']>,
    directory: string,
    encoding: AviEncoding,
  ): Promise<{ filename: string; path: string; from: number; to: number; frameRate: number } | undefined> {
    const selection = selectPlaybackSegments(camera.segments, clip.from, clip.to);
    if (selection === undefined) {
      return undefined;
    }
    // The clip starts at the later of its start and the first frame recorded, and is as long as the media holds.
    const from = Math.max(clip.from, selection.from);
    const range = { offsetMs: from - selection.from, durationMs: selection.to - from, frameRate: clip.frameRate };
    const path = join(directory, `${camera.deviceId}-${clip.from}.avi`);
    const files = selection.segments.map((segment) => segment.file);
    const written = await this.cut(() => exportAviClip(files, range, encoding, path), camera, 'AVI clip');
    return written
      ? {
          filename: notificationMediaFilename(deviceName, from, 'avi'),
          path,
          from,
          to: selection.to,
          frameRate: clip.frameRate,
        }
      : undefined;
  }

  /** Runs one ffmpeg cut; a failure (a damaged segment) costs that file, not the e-mail. */
  private async cut(run: () => Promise<boolean>, camera: CameraMedia, what: string): Promise<boolean> {
    try {
      return await run();
    } catch (error) {
      this.logger.warn(`cannot cut a ${what} of camera ${camera.deviceId}: ${(error as Error).message}`);
      return false;
    }
  }

  /** The camera's recordings overlapping the plan's range, from the newest back to the one that started before it. */
  private async recordingsOf(deviceId: string, plan: NotificationMediaPlan): Promise<RecordingSpan[]> {
    const newestFirst: RecordingEventBody[] = [];
    for await (const stored of this.store.readStream(recordingStream(deviceId), {
      direction: 'backwards',
      maxCount: RECORDING_EVENTS_READ_MAX,
    })) {
      const event = { type: stored.type, data: stored.data } as RecordingEventBody;
      newestFirst.push(event);
      if (startsAtOrBefore(event, plan.needsMediaFrom)) {
        break;
      }
    }
    return recordingSpansOverlapping(newestFirst.reverse(), plan.needsMediaFrom, plan.needsMediaUntil, GOP_LEAD_MS);
  }

  /** A recording's segments from its folder's index, those whose file is still there (retention may have run). */
  private segmentsOf(deviceId: string, span: RecordingSpan): Segment[] {
    if (span.directory === undefined) {
      this.logger.warn(`recording ${span.recordingId} of camera ${deviceId} names no folder: its media is not used`);
      return [];
    }
    try {
      return readRecordingIndex(span.directory).filter((segment) => existsSync(segment.file));
    } catch (error) {
      this.logger.warn(`recording ${span.recordingId}: cannot read ${span.directory}: ${(error as Error).message}`);
      return [];
    }
  }
}
