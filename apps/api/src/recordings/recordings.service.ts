import { BadRequestException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  checkPlaybackRange,
  deviceRefOf,
  deviceVisibleTo,
  hasCameraPermission,
  PLAYBACK_RANGE_MAX_MS,
  selectPlaybackSegments,
  type CameraPermission,
} from '@vigil/domain';
import { exportMp4, readRecordingIndex, type Segment } from '@vigil/media';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuditRecorder } from '../audit/audit.recorder';
import type { Actor } from '../auth/actor';
import { CamerasReadModel } from '../cameras/cameras-read-model';
import { DeviceGroupsReadModel } from '../cameras/device-groups-read-model';
import {
  RECORDING_LIST_LIMIT_DEFAULT,
  type RecordingListQuery,
  type RecordingPage,
  type RecordingRangeQuery,
  type RecordingView,
} from './recordings.dto';
import { RecordingsReadModel, type RecordingRow } from './recordings-read-model';

/** The API's RECORDINGS_DIR: where recordings whose RecordingStarted names no folder are looked for. */
export const RECORDINGS_DIRECTORY = Symbol('RECORDINGS_DIRECTORY');

/** A playback shows the range in the browser; an export is downloaded (and needs the camera's export right). */
export type PlaybackPurpose = 'playback' | 'export';

const PERMISSION_OF: Readonly<Record<PlaybackPurpose, CameraPermission>> = { playback: 'playback', export: 'export' };

/** The MP4 written for a range: the camera's name and the media it holds. */
export type WrittenPlayback = Readonly<{ cameraName: string; from: number; to: number; segments: number }>;

/** The answer for an unknown camera, and for one the caller may not see: the cameras API's. */
const cameraNotFound = (): NotFoundException =>
  new NotFoundException({ code: 'CAMERA_NOT_FOUND', message: 'no such camera' });

/**
 * Recordings of a camera (issue 6): the index, and the playback and export of a range as one MP4 concatenated from
 * the recorded segments without re-encoding. Rights are the camera's (FEATURES 9.1.5): a camera the caller may not
 * see (neither live nor playback) answers as an unknown one; listing and playing back need `playback` on it,
 * exporting `export`. Denials and every playback and export are in the audit log.
 */
@Injectable()
export class RecordingsService {
  private readonly logger = new Logger(RecordingsService.name);

  constructor(
    private readonly readModel: RecordingsReadModel,
    private readonly cameras: CamerasReadModel,
    private readonly groups: DeviceGroupsReadModel,
    private readonly audit: AuditRecorder,
    @Inject(RECORDINGS_DIRECTORY) private readonly recordingsDirectory: string,
  ) {}

  async list(actor: Actor, cameraId: string, query: RecordingListQuery): Promise<RecordingPage> {
    const from = query.from === undefined ? 0 : Date.parse(query.from);
    const to = query.to === undefined ? MAX_DATE_MS : Date.parse(query.to);
    if (from >= to) {
      throw new BadRequestException({ code: 'RECORDING_RANGE_INVALID', message: 'from must be before to' });
    }
    await this.camera(actor, cameraId, 'playback', `/api/cameras/${cameraId}/recordings`);
    const page = await this.readModel.page(
      cameraId,
      { from, to },
      query.limit ?? RECORDING_LIST_LIMIT_DEFAULT,
      query.cursor,
    );
    return {
      recordings: page.rows.map(toView),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /**
   * Writes [from, to) of the camera as one MP4 at `output`: the segments overlapping the range, from the keyframe
   * at or before `from`, cut at `to`, streams copied. Audited once written.
   */
  async writeMp4(
    actor: Actor,
    cameraId: string,
    query: RecordingRangeQuery,
    purpose: PlaybackPurpose,
    output: string,
  ): Promise<WrittenPlayback> {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const problem = checkPlaybackRange(from, to);
    if (problem !== undefined) {
      throw new BadRequestException({
        code: problem,
        message:
          problem === 'RECORDING_RANGE_TOO_LONG'
            ? `a range is at most ${PLAYBACK_RANGE_MAX_MS / 60_000} minutes long`
            : 'from must be before to',
      });
    }
    const cameraName = await this.camera(
      actor,
      cameraId,
      PERMISSION_OF[purpose],
      `/api/cameras/${cameraId}/${purpose}`,
    );
    const recordings = await this.readModel.overlapping(cameraId, from, to);
    const selection = selectPlaybackSegments(
      recordings.flatMap((recording) => this.segmentsOf(recording)),
      from,
      to,
    );
    if (selection === undefined) {
      throw new NotFoundException({ code: 'NO_MEDIA_IN_RANGE', message: 'nothing was recorded in that range' });
    }
    await exportMp4(
      selection.segments.map((segment) => segment.file),
      output,
      'ffmpeg',
      selection.cutAtEnd ? { durationMs: selection.durationMs } : {},
    );
    const written = { from: selection.from, to: selection.to, segments: selection.segments.length };
    const access = {
      userId: actor.userId,
      cameraId,
      from,
      to,
      mediaFrom: written.from,
      mediaTo: written.to,
      segments: written.segments,
      address: actor.address,
      at: Date.now(),
    };
    await this.audit.record(
      purpose === 'export'
        ? { type: 'RecordingExported', data: { ...access, format: 'mp4' } }
        : { type: 'RecordingPlayedBack', data: access },
    );
    return { cameraName, ...written };
  }

  /**
   * The camera, when it exists and the actor may see it, with `permission` on it; returns its name. An invisible
   * camera is answered as an unknown one; a visible one without the right is a 403. Both denials are audited.
   */
  private async camera(actor: Actor, cameraId: string, permission: CameraPermission, path: string): Promise<string> {
    const camera = UUID.test(cameraId) ? await this.cameras.get(cameraId) : undefined;
    if (camera === undefined) {
      throw cameraNotFound();
    }
    const ref = deviceRefOf(cameraId, await this.groups.membership());
    if (!deviceVisibleTo(actor.roles, ref)) {
      await this.denied(actor, path, 'visibility of the camera');
      throw cameraNotFound();
    }
    if (!hasCameraPermission(actor.roles, ref, permission)) {
      await this.denied(actor, path, `${permission} on the camera`);
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `you may not ${permission} this camera` });
    }
    return camera.name;
  }

  private async denied(actor: Actor, path: string, required: string): Promise<void> {
    await this.audit.record({
      type: 'PermissionDenied',
      data: {
        userId: actor.userId,
        method: 'GET',
        path: path.slice(0, 500),
        required,
        address: actor.address,
        at: Date.now(),
      },
    });
  }

  /**
   * A recording's segments from its folder's index (the folder the worker reported, else the one it would have
   * under our RECORDINGS_DIR), those whose file is still there. A folder that cannot be read holds nothing for us.
   */
  private segmentsOf(recording: RecordingRow): Segment[] {
    const directory =
      recording.directory ?? join(resolve(this.recordingsDirectory), recording.cameraId, recording.recordingId);
    try {
      return readRecordingIndex(directory).filter((segment) => existsSync(segment.file));
    } catch (error) {
      this.logger.warn(`recording ${recording.recordingId}: cannot read ${directory}: ${(error as Error).message}`);
      return [];
    }
  }
}

/** Camera ids are v4 UUIDs (as the cameras API checks them); anything else is an unknown camera. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The latest instant a JavaScript Date (and so the list's `to`) holds. */
const MAX_DATE_MS = 8.64e15;

const iso = (at: number): string => new Date(at).toISOString();

const toView = (row: RecordingRow): RecordingView => ({
  recordingId: row.recordingId,
  cameraId: row.cameraId,
  recorderId: row.recorderId,
  state: row.state,
  from: iso(row.from),
  to: row.to === null ? null : iso(row.to),
  triggeredAt: iso(row.triggeredAt),
  media: row.media === null ? null : { from: iso(row.media.from), to: iso(row.media.to), segments: row.media.segments },
  gaps: row.gaps.map((gap) => ({ from: iso(gap.from), to: iso(gap.to), reason: gap.reason })),
  sessionIds: row.sessionIds,
  startedAt: iso(row.startedAt),
  stoppedAt: row.stoppedAt === null ? null : iso(row.stoppedAt),
});
