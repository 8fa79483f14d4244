import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  decideManualRecordingStart,
  decideManualRecordingStop,
  deviceRefOf,
  deviceVisibleTo,
  hasCameraPermission,
  manualRecordingView,
  type ManualRecordingRequested,
  type ManualRecordingView,
  type ManualSession,
} from '@vigil/domain';
import { randomUUID } from 'node:crypto';
import { AuditRecorder } from '../audit/audit.recorder';
import type { Actor } from '../auth/actor';
import { CamerasReadModel, type StoredCamera } from './cameras-read-model';
import { DeviceGroupsReadModel } from './device-groups-read-model';
import { ManualRecordingQueue } from './manual-recording.queue';

type Request = 'start' | 'stop';

/**
 * Manual recording of a camera (FEATURES 6.1.3) for operators: the decisions are pure (libs/domain, manual-recording);
 * their jobs go to the camera's recorder through ManualRecordingQueue, which also tells the current session. A camera
 * the caller may not see answers as an unknown camera; one they see without the `manualRecording` permission is a
 * 403. Every request is audited.
 */
@Injectable()
export class ManualRecordingService {
  constructor(
    private readonly cameras: CamerasReadModel,
    private readonly groups: DeviceGroupsReadModel,
    private readonly jobs: ManualRecordingQueue,
    private readonly audit: AuditRecorder,
  ) {}

  async state(actor: Actor, cameraId: string): Promise<ManualRecordingView> {
    const camera = await this.permittedCamera(actor, cameraId, 'GET');
    return manualRecordingView(cameraId, await this.jobs.current(camera), Date.now());
  }

  /** Starts a manual recording, or answers the one running (`created: false`). */
  async start(
    actor: Actor,
    cameraId: string,
    durationSeconds: number | undefined,
  ): Promise<{ created: boolean; view: ManualRecordingView }> {
    const camera = await this.permittedCamera(actor, cameraId, 'POST');
    const { session: last, lastSequence } = await this.jobs.sessionState(camera);
    const now = Date.now();
    const decision = decideManualRecordingStart({
      camera,
      last,
      lastSequence,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      userId: actor.userId,
      correlationId: randomUUID(),
      now,
    });
    if (decision.outcome === 'refused') {
      // the camera's state forbids it (409), or the request asked for more than the camera allows (422)
      const body = { code: decision.code, message: decision.message };
      throw decision.code === 'MANUAL_RECORDING_DURATION_INVALID'
        ? new UnprocessableEntityException(body)
        : new ConflictException(body);
    }
    if (decision.outcome === 'recording') {
      await this.audited(actor, camera, 'start', 'already-recording', decision.session);
      return { created: false, view: manualRecordingView(cameraId, decision.session, now) };
    }
    const added = await this.jobs.add(camera, decision.jobs);
    // a request racing this one added the same session's jobs first: its session (and auto-stop) is the one
    const session = added ? decision.session : ((await this.jobs.current(camera)) ?? decision.session);
    await this.audited(actor, camera, 'start', added ? 'started' : 'already-recording', session);
    return { created: added, view: manualRecordingView(cameraId, session, now) };
  }

  /** Stops the manual recording running, if any (`stopped: false` when there was none). */
  async stop(actor: Actor, cameraId: string): Promise<{ stopped: boolean; view: ManualRecordingView }> {
    const camera = await this.permittedCamera(actor, cameraId, 'DELETE');
    const current = await this.jobs.current(camera);
    const decision = decideManualRecordingStop({
      cameraId,
      current,
      userId: actor.userId,
      correlationId: randomUUID(),
      now: Date.now(),
    });
    if (decision.outcome === 'idle') {
      await this.audited(actor, camera, 'stop', 'not-recording', undefined);
      return { stopped: false, view: manualRecordingView(cameraId, undefined, Date.now()) };
    }
    await this.jobs.add(camera, [decision.job]);
    if (decision.cancelJobId !== undefined) {
      await this.jobs.cancel(camera, decision.cancelJobId);
    }
    await this.audited(actor, camera, 'stop', 'stopped', decision.session);
    return { stopped: true, view: manualRecordingView(cameraId, undefined, Date.now()) };
  }

  /** The camera when the actor may see it and record it manually; the answer of an unknown camera otherwise. */
  private async permittedCamera(actor: Actor, cameraId: string, method: string): Promise<StoredCamera> {
    const camera = await this.cameras.get(cameraId);
    const notFound = () => new NotFoundException({ code: 'CAMERA_NOT_FOUND', message: 'no such camera' });
    if (!camera) {
      throw notFound();
    }
    const path = `/api/cameras/${cameraId}/manual-recording`;
    const ref = deviceRefOf(cameraId, await this.groups.membership());
    if (!deviceVisibleTo(actor.roles, ref)) {
      await this.denied(actor, method, path, 'visibility of the camera');
      throw notFound();
    }
    if (!hasCameraPermission(actor.roles, ref, 'manualRecording')) {
      await this.denied(actor, method, path, 'camera:manualRecording');
      throw new ForbiddenException({ code: 'FORBIDDEN', message: 'you do not have the permission this needs' });
    }
    return camera;
  }

  private async audited(
    actor: Actor,
    camera: StoredCamera,
    request: Request,
    outcome: ManualRecordingRequested['data']['outcome'],
    session: ManualSession | undefined,
  ): Promise<void> {
    await this.audit.record({
      type: 'ManualRecordingRequested',
      data: {
        userId: actor.userId,
        cameraId: camera.cameraId,
        request,
        outcome,
        ...(session === undefined ? {} : { sessionId: session.sessionId }),
        ...(session?.autoStopAt === undefined ? {} : { autoStopAt: session.autoStopAt }),
        address: actor.address,
        at: Date.now(),
      },
    });
  }

  private async denied(actor: Actor, method: string, path: string, required: string): Promise<void> {
    await this.audit.record({
      type: 'PermissionDenied',
      data: { userId: actor.userId, method, path, required, address: actor.address, at: Date.now() },
    });
  }
}
