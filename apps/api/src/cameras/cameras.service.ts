import { ConflictException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  cameraDecider,
  cameraPasswordPurpose,
  cameraStream,
  type CameraCapabilities,
  type CameraCommand,
  type EventStore,
} from '@vigil/domain';
import { deterministicUuid, EVENT_STORE, handleCommand, SecretBox, SecretBoxError } from '@vigil/infrastructure';
import {
  discoverOnvifCamera,
  OnvifDiscoveryError,
  parseOnvifAddress,
  type DiscoveredCamera,
  type OnvifDiscoveryOptions,
} from '@vigil/media';
import type { Actor } from '../auth/actor';
import type {
  AddCameraRequest,
  CameraView,
  RecorderAssignmentRequest,
  RecordingSettingsRequest,
  RediscoverCameraRequest,
  UpdateCameraRequest,
} from './cameras.dto';
import { CamerasReadModel, type StoredCamera } from './cameras-read-model';

/**
 * Cameras (issue 6): added by ONVIF address and credentials after discovery, decided by the domain. The password is
 * encrypted (SecretBox, purpose `camera-<id>/password`) before it reaches the domain or the event store, and is never
 * returned or logged.
 */
@Injectable()
export class CamerasService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: CamerasReadModel,
    private readonly secrets: SecretBox,
  ) {}

  async list(): Promise<CameraView[]> {
    return (await this.readModel.list()).map(toView);
  }

  async get(cameraId: string): Promise<CameraView> {
    return toView(await this.stored(cameraId));
  }

  async add(actor: Actor, request: AddCameraRequest): Promise<{ cameraId: string }> {
    const address = this.address(request.address);
    if (await this.readModel.atAddress(address)) {
      throw new ConflictException({ code: 'CAMERA_ALREADY_ADDED', message: 'a camera at that address exists' });
    }
    const discovered = await this.discover({ address, username: request.username, password: request.password });
    const cameraId = randomUUID();
    await this.command(actor, cameraId, {
      type: 'AddCamera',
      data: {
        ...by(actor, cameraId),
        name: request.name ?? defaultName(discovered, address),
        address: discovered.address,
        username: request.username,
        encryptedPassword: this.secrets.encrypt(request.password, cameraPasswordPurpose(cameraId)),
        capabilities: toCapabilities(cameraId, discovered),
      },
    });
    return { cameraId };
  }

  async update(actor: Actor, cameraId: string, request: UpdateCameraRequest): Promise<void> {
    await this.stored(cameraId);
    if (request.name !== undefined) {
      await this.command(actor, cameraId, {
        type: 'RenameCamera',
        data: { ...by(actor, cameraId), name: request.name },
      });
    }
    if (request.enabled !== undefined) {
      await this.command(actor, cameraId, {
        type: 'SetCameraEnabled',
        data: { ...by(actor, cameraId), enabled: request.enabled },
      });
    }
  }

  async changeRecordingSettings(actor: Actor, cameraId: string, request: RecordingSettingsRequest): Promise<void> {
    const preBuffer = request.preBuffer;
    const autoStop = request.stopManualRecordingAfter;
    await this.command(actor, cameraId, {
      type: 'ChangeCameraRecordingSettings',
      data: {
        ...by(actor, cameraId),
        change: {
          ...(request.enabled === undefined ? {} : { enabled: request.enabled }),
          ...(preBuffer === undefined
            ? {}
            : {
                preBuffer: {
                  ...(preBuffer.enabled === undefined ? {} : { enabled: preBuffer.enabled }),
                  ...(preBuffer.location === undefined ? {} : { location: preBuffer.location }),
                  ...(preBuffer.seconds === undefined ? {} : { seconds: preBuffer.seconds }),
                },
              }),
          ...(autoStop === undefined
            ? {}
            : {
                stopManualRecordingAfter: {
                  ...(autoStop.enabled === undefined ? {} : { enabled: autoStop.enabled }),
                  ...(autoStop.minutes === undefined ? {} : { minutes: autoStop.minutes }),
                },
              }),
        },
      },
    });
  }

  async assignToRecorder(actor: Actor, cameraId: string, request: RecorderAssignmentRequest): Promise<void> {
    await this.command(actor, cameraId, {
      type: 'AssignCameraToRecorder',
      data: { ...by(actor, cameraId), recorderId: request.recorderId },
    });
  }

  /** Discovers again (with new credentials when given) and records what changed. */
  async rediscover(actor: Actor, cameraId: string, request: RediscoverCameraRequest): Promise<CameraView> {
    const camera = await this.stored(cameraId);
    const username = request.username ?? camera.username;
    const password = request.password ?? this.storedPassword(camera);
    const discovered = await this.discover({ address: camera.address, username, password });
    if (request.username !== undefined || request.password !== undefined) {
      await this.command(actor, cameraId, {
        type: 'ChangeCameraCredentials',
        data: {
          ...by(actor, cameraId),
          username,
          encryptedPassword: this.secrets.encrypt(password, cameraPasswordPurpose(cameraId)),
        },
      });
    }
    await this.command(actor, cameraId, {
      type: 'RecordCameraCapabilities',
      data: { ...by(actor, cameraId), capabilities: toCapabilities(cameraId, discovered) },
    });
    return this.get(cameraId);
  }

  async remove(actor: Actor, cameraId: string): Promise<void> {
    await this.command(actor, cameraId, { type: 'RemoveCamera', data: by(actor, cameraId) });
  }

  private async stored(cameraId: string): Promise<StoredCamera> {
    const stored = await this.readModel.get(cameraId);
    if (!stored) {
      throw new NotFoundException({ code: 'CAMERA_NOT_FOUND', message: 'no such camera' });
    }
    return stored;
  }

  /** The stored password; one sealed under another VIGIL_SECRETS_KEY cannot be used: new credentials are needed. */
  private storedPassword(camera: StoredCamera): string {
    try {
      return this.secrets.decrypt(camera.encryptedPassword, cameraPasswordPurpose(camera.cameraId));
    } catch (error) {
      if (error instanceof SecretBoxError) {
        throw new UnprocessableEntityException({
          code: 'CAMERA_PASSWORD_UNREADABLE',
          message: 'the stored password cannot be decrypted with this VIGIL_SECRETS_KEY: give the credentials again',
        });
      }
      throw error;
    }
  }

  private address(address: string): string {
    try {
      return parseOnvifAddress(address).url;
    } catch (error) {
      throw discoveryFailure(error);
    }
  }

  private async discover(options: OnvifDiscoveryOptions): Promise<DiscoveredCamera> {
    try {
      return await discoverOnvifCamera(options);
    } catch (error) {
      throw discoveryFailure(error);
    }
  }

  private async command(actor: Actor, cameraId: string, command: CameraCommand): Promise<void> {
    const outcome = await handleCommand(this.store, cameraStream(cameraId), cameraDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}

const by = (actor: Actor, cameraId: string) => ({ cameraId, byUserId: actor.userId, now: Date.now() });

/** 422 with the adapter's code (CAMERA_UNREACHABLE, CAMERA_AUTH_FAILED, CAMERA_NOT_ONVIF, CAMERA_ADDRESS_INVALID). */
const discoveryFailure = (error: unknown): Error =>
  error instanceof OnvifDiscoveryError
    ? new UnprocessableEntityException({ code: error.code, message: error.message })
    : error instanceof Error
      ? error
      : new Error(String(error));

const defaultName = (discovered: DiscoveredCamera, address: string): string =>
  discovered.name ??
  ([discovered.manufacturer, discovered.model].filter((part) => part !== undefined).join(' ') ||
    parseOnvifAddress(address).hostname);

/** Inputs and outputs get device ids derived from the camera and their token, so rediscovery keeps them. */
export const toCapabilities = (cameraId: string, discovered: DiscoveredCamera): CameraCapabilities => ({
  ...(discovered.manufacturer === undefined ? {} : { manufacturer: discovered.manufacturer }),
  ...(discovered.model === undefined ? {} : { model: discovered.model }),
  ...(discovered.firmwareVersion === undefined ? {} : { firmwareVersion: discovered.firmwareVersion }),
  ...(discovered.serialNumber === undefined ? {} : { serialNumber: discovered.serialNumber }),
  profiles: discovered.profiles,
  ptz: discovered.ptz,
  inputs: discovered.inputs.map((token) => ({
    deviceId: deterministicUuid(`camera:${cameraId}:input:${token}`),
    token,
  })),
  outputs: discovered.outputs.map((token) => ({
    deviceId: deterministicUuid(`camera:${cameraId}:output:${token}`),
    token,
  })),
});

const toView = (camera: StoredCamera): CameraView => {
  const { encryptedPassword, ...view } = camera;
  return { ...view, hasPassword: encryptedPassword !== '' };
};
