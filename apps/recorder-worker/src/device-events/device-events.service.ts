import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { cameraStream, deviceEventOf, type EventStore } from '@vigil/domain';
import { EVENT_STORE } from '@vigil/infrastructure';
import { followOnvifEvents, type OnvifEventFollower } from '@vigil/media';
import { randomUUID } from 'node:crypto';
import {
  RECORDER_CAMERA_SOURCE,
  type CameraFollow,
  type RecorderCamera,
  type RecorderCameraSource,
} from '../recording/recorder-cameras.port';

/**
 * Device events (FEATURES 2.1, 5 of issue 6): for each camera of this recorder, its ONVIF events through a pull-point
 * subscription (subscribed again after a reboot or a lost subscription), turned into MotionStarted / MotionStopped
 * and InputActivated / InputDeactivated with the camera (or its input) as source, appended to `camera-<cameraId>`,
 * where the rule and alarm engines read them. A notification that fails to append is logged and dropped: the camera
 * does not send it again, and a later edge is appended as usual.
 */
/** How often one camera's event problems are logged while they go on. */
const PROBLEM_LOG_MS = 30_000;

@Injectable()
export class DeviceEventsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeviceEventsService.name);
  /** The camera each follower was started with, by camera id. */
  private readonly followers = new Map<string, { camera: RecorderCamera; follower?: OnvifEventFollower }>();
  private cameras: CameraFollow | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RECORDER_CAMERA_SOURCE) private readonly source: RecorderCameraSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.cameras = await this.source.follow((cameras) => Promise.resolve(this.apply(cameras)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cameras?.close();
    this.cameras = undefined;
    for (const { follower } of this.followers.values()) {
      follower?.close();
    }
    this.followers.clear();
  }

  /** Follows the cameras of the moment: a camera gone or changed is let go, a new or changed one followed. */
  private apply(cameras: readonly RecorderCamera[]): void {
    const wanted = new Map(cameras.map((camera) => [camera.cameraId, camera]));
    for (const [cameraId, { camera, follower }] of this.followers) {
      const next = wanted.get(cameraId);
      if (next === undefined || JSON.stringify(next) !== JSON.stringify(camera)) {
        follower?.close();
        this.followers.delete(cameraId);
      }
    }
    for (const camera of cameras) {
      if (!this.followers.has(camera.cameraId)) {
        this.followers.set(camera.cameraId, { camera, ...this.follow(camera) });
      }
    }
  }

  private follow(camera: RecorderCamera): { follower?: OnvifEventFollower } {
    const { onvif } = camera;
    if (onvif === undefined) {
      return {};
    }
    const target = { cameraId: camera.cameraId, inputs: onvif.inputs };
    let lastLogged = Number.NEGATIVE_INFINITY;
    let appended: Promise<void> = Promise.resolve();
    return {
      follower: followOnvifEvents(
        { address: onvif.address, username: camera.username ?? '', password: camera.password ?? '' },
        (notification) => {
          const event = deviceEventOf(notification, target, Date.now());
          if (event === undefined) {
            return;
          }
          // One append after the other: a camera's events are stored in the order it sent them.
          appended = appended
            .then(() =>
              this.store.append(
                cameraStream(camera.cameraId),
                [{ id: randomUUID(), type: event.type, data: event.data }],
                'any',
              ),
            )
            .then(
              () => undefined,
              (error: unknown) =>
                this.logger.error(`camera ${camera.cameraId}: ${event.type} not stored: ${String(error)}`),
            );
        },
        (error) => {
          // A camera that is away fails every retry: say so once, then at most every PROBLEM_LOG_MS.
          const now = Date.now();
          const message = error instanceof Error ? error.message : String(error);
          if (now - lastLogged >= PROBLEM_LOG_MS) {
            lastLogged = now;
            this.logger.warn(`camera ${camera.cameraId}: events: ${message}`);
          }
        },
      ),
    };
  }
}
