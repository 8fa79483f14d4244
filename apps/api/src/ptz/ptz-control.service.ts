import {
  BadGatewayException,
  ConflictException,
  ForbiddenException,
  GatewayTimeoutException,
  HttpException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  activePtzSession,
  deviceRefOf,
  CameraError,
  ptzDecider,
  ptzPriority,
  ptzSessionTimeoutJobId,
  ptzStream,
  type EventStore,
  type PtzEvent,
  type PtzManualJob,
  type PtzMoveAction,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, readState } from '@vigil/infrastructure';
import { randomUUID } from 'node:crypto';
import { AuditRecorder } from '../audit/audit.recorder';
import type { Actor } from '../auth/actor';
import { CamerasReadModel, type StoredCamera } from '../cameras/cameras-read-model';
import { DeviceGroupsReadModel } from '../cameras/device-groups-read-model';
import type { PtzMoveRequest, PtzPresetRequest, PtzSessionView } from './ptz.dto';
import { RecorderCommandError, RecorderCommandsClient } from './recorder-commands.client';

export const PTZ_SETTINGS = Symbol('PTZ_SETTINGS');
export type PtzSettings = Readonly<{
  /** FEATURES 8.8: a manual session ends after this long without a command (15 s). */
  sessionTimeoutSeconds: number;
  /** How long a request waits for the recorder to run its command. */
  commandWaitMs: number;
  /** The recorder of the cameras assigned to none (the rule engine's DEFAULT_RECORDER_ID). */
  defaultRecorderId: string;
}>;

/** The request, for the audit log's PermissionDenied. */
export type RequestRoute = Readonly<{ method: string; path: string }>;

/** A continuous move without its own timeout stops after a second: a lost "stop" never leaves the head turning. */
const DEFAULT_CONTINUOUS_MOVE_MS = 1_000;

/**
 * Manual PTZ (FEATURES 8.6-8.8): every command of an operator starts or extends their session on the camera, with
 * the PTZ priority of their roles on it (Operator 3000), through the arbitration of `ptz-<cameraId>` (another
 * user's session of the same or a higher priority refuses it: 409 PTZ_SESSION_HELD), schedules the session's
 * timeout as a delayed job, then asks the camera's recorder to run it and waits for the answer. Needs the `ptz`
 * permission on the camera.
 */
@Injectable()
export class PtzControlService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cameras: CamerasReadModel,
    private readonly groups: DeviceGroupsReadModel,
    private readonly commands: RecorderCommandsClient,
    private readonly audit: AuditRecorder,
    @Inject(PTZ_SETTINGS) private readonly settings: PtzSettings,
  ) {}

  /** The session that controls the camera now (FEATURES 8.9), or null. */
  async current(actor: Actor, cameraId: string, route: RequestRoute): Promise<PtzSessionView | null> {
    await this.ptzCamera(actor, cameraId, route);
    const { state } = await readState(this.store, ptzStream(cameraId), ptzDecider);
    const session = activePtzSession(state, Date.now());
    return session === undefined
      ? null
      : {
          sessionId: session.sessionId,
          userId: session.userId,
          priority: session.priority,
          expiresAt: new Date(session.expiresAt).toISOString(),
        };
  }

  /** Starts (or keeps) the caller's session without moving the camera. */
  async start(actor: Actor, cameraId: string, route: RequestRoute): Promise<PtzSessionView> {
    const { camera, priority } = await this.ptzCamera(actor, cameraId, route);
    return this.operate(actor, camera, priority);
  }

  async release(actor: Actor, cameraId: string, route: RequestRoute): Promise<void> {
    await this.ptzCamera(actor, cameraId, route);
    await handleCommand(
      this.store,
      ptzStream(cameraId),
      ptzDecider,
      { type: 'ReleasePtz', cameraId, userId: actor.userId, now: Date.now() },
      { actorId: actor.userId, address: actor.address },
    );
  }

  move(actor: Actor, cameraId: string, route: RequestRoute, body: PtzMoveRequest): Promise<PtzSessionView> {
    if (body.mode === 'continuous' && [body.x, body.y].some((velocity) => Math.abs(velocity) > 1)) {
      throw new UnprocessableEntityException({
        code: 'PTZ_MOVE_INVALID',
        message: 'continuous velocities are -1 to 1',
      });
    }
    return this.command(
      actor,
      cameraId,
      route,
      body.mode === 'continuous'
        ? {
            action: 'continuousMove',
            x: body.x,
            y: body.y,
            zoom: body.zoom,
            timeoutMs: body.timeoutMs ?? DEFAULT_CONTINUOUS_MOVE_MS,
          }
        : { action: 'relativeMove', x: body.x, y: body.y, zoom: body.zoom },
    );
  }

  gotoPreset(actor: Actor, cameraId: string, route: RequestRoute, body: PtzPresetRequest): Promise<PtzSessionView> {
    return this.command(actor, cameraId, route, { action: 'gotoPreset', presetToken: body.presetToken });
  }

  gotoHome(actor: Actor, cameraId: string, route: RequestRoute): Promise<PtzSessionView> {
    return this.command(actor, cameraId, route, { action: 'gotoHome' });
  }

  stop(actor: Actor, cameraId: string, route: RequestRoute): Promise<PtzSessionView> {
    return this.command(actor, cameraId, route, { action: 'stop' });
  }

  private async command(
    actor: Actor,
    cameraId: string,
    route: RequestRoute,
    action: PtzMoveAction,
  ): Promise<PtzSessionView> {
    const { camera, priority } = await this.ptzCamera(actor, cameraId, route);
    if (
      action.action === 'gotoPreset' &&
      !camera.capabilities.ptz.presets.some((p) => p.token === action.presetToken)
    ) {
      throw new UnprocessableEntityException({
        code: 'PTZ_PRESET_UNKNOWN',
        message: `camera ${cameraId} has no preset ${JSON.stringify(action.presetToken)} (rediscover it after adding presets)`,
      });
    }
    const session = await this.operate(actor, camera, priority);
    const job: Extract<PtzManualJob, { name: 'PtzManualCommand' }> = {
      name: 'PtzManualCommand',
      data: { cameraId, sessionId: session.sessionId, userId: actor.userId, ...action },
    };
    try {
      await this.commands.run(this.recorderOf(camera), job.name, job.data, this.settings.commandWaitMs);
    } catch (error) {
      throw error instanceof RecorderCommandError ? httpErrorOf(error) : error;
    }
    return session;
  }

  /** Starts or extends the caller's session, and schedules its timeout (a delayed job per extension). */
  private async operate(actor: Actor, camera: StoredCamera, priority: number): Promise<PtzSessionView> {
    const { cameraId } = camera;
    const { events } = await handleCommand(
      this.store,
      ptzStream(cameraId),
      ptzDecider,
      {
        type: 'OperatePtz',
        cameraId,
        sessionId: randomUUID(),
        userId: actor.userId,
        priority,
        timeoutSeconds: this.settings.sessionTimeoutSeconds,
        now: Date.now(),
      },
      { actorId: actor.userId, address: actor.address },
    );
    const held = heldSessionOf(events);
    const timeout: Extract<PtzManualJob, { name: 'PtzSessionTimeout' }>['data'] = {
      cameraId,
      sessionId: held.sessionId,
      expiresAt: held.expiresAt,
    };
    await this.commands.schedule(this.recorderOf(camera), 'PtzSessionTimeout', timeout, {
      jobId: ptzSessionTimeoutJobId(held.sessionId, held.expiresAt),
      delay: Math.max(0, held.expiresAt - Date.now()),
    });
    return {
      sessionId: held.sessionId,
      userId: actor.userId,
      priority: held.priority ?? priority,
      expiresAt: new Date(held.expiresAt).toISOString(),
    };
  }

  /** The camera and the caller's PTZ priority on it; 404 unknown, 422 no PTZ, 403 without the `ptz` permission. */
  private async ptzCamera(
    actor: Actor,
    cameraId: string,
    route: RequestRoute,
  ): Promise<{ camera: StoredCamera; priority: number }> {
    const camera = await this.cameras.get(cameraId);
    if (camera === undefined) {
      throw new CameraError('CAMERA_NOT_FOUND', `camera ${cameraId} does not exist`);
    }
    const ref = deviceRefOf(cameraId, await this.groups.membership());
    const priority = actor.apiKeyId === undefined ? ptzPriority(actor.roles, ref) : undefined;
    if (priority === undefined) {
      await this.audit.record({
        type: 'PermissionDenied',
        data: {
          userId: actor.userId,
          method: route.method,
          path: route.path.slice(0, 500),
          required: `camera:${cameraId}:ptz`,
          address: actor.address,
          at: Date.now(),
        },
      });
      throw new ForbiddenException({ code: 'FORBIDDEN', message: 'you do not have the PTZ permission on this camera' });
    }
    if (!camera.capabilities.ptz.supported) {
      throw new UnprocessableEntityException({ code: 'PTZ_NOT_SUPPORTED', message: `camera ${cameraId} has no PTZ` });
    }
    return { camera, priority };
  }

  private recorderOf(camera: StoredCamera): string {
    return camera.recorderId ?? this.settings.defaultRecorderId;
  }
}

/** The session the decided events leave the caller holding (started or extended). */
const heldSessionOf = (
  events: readonly PtzEvent[],
): Readonly<{ sessionId: string; expiresAt: number; priority?: number }> => {
  for (const event of [...events].reverse()) {
    if (event.type === 'PTZManualSessionStarted') {
      return event.data;
    }
    if (event.type === 'PTZManualSessionExtended') {
      return event.data;
    }
  }
  throw new Error('OperatePtz decided no session'); // the decider always starts or extends one, or throws
};

/** The recorder's failure as the HTTP answer: the code is kept, the status says whose fault it is. */
const httpErrorOf = (error: RecorderCommandError): HttpException => {
  const body = { code: error.code, message: error.message };
  switch (error.code) {
    case 'PTZ_SESSION_NOT_HELD':
    case 'PTZ_SESSION_HELD':
      return new ConflictException(body);
    case 'PTZ_PRESET_UNKNOWN':
    case 'PTZ_NOT_SUPPORTED':
    case 'CAMERA_NOT_FOUND':
      return new UnprocessableEntityException(body);
    case 'RECORDER_NOT_ANSWERING':
      return new GatewayTimeoutException(body);
    default:
      // CAMERA_UNREACHABLE, CAMERA_AUTH_FAILED, CAMERA_NOT_ONVIF: the camera, behind the recorder, failed
      return new BadGatewayException(body);
  }
};
