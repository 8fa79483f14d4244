import { Logger } from '@nestjs/common';
import type { CameraFollow, RecorderCamera, RecorderCameraSource } from './recorder-cameras.port';

type OnCameras = (cameras: readonly RecorderCamera[]) => Promise<void>;

/**
 * One follow of the camera source for the whole worker (recording and device events both follow it): the registry
 * is read and subscribed to once. A follower that comes later gets the latest set first; every follower sees the
 * sets in the same order, one after the other. A follower that fails is logged; the others go on.
 */
export class SharedCameraSource implements RecorderCameraSource {
  private readonly logger = new Logger(SharedCameraSource.name);
  private readonly followers = new Set<OnCameras>();
  private latest: readonly RecorderCamera[] | undefined;
  private upstream: Promise<CameraFollow> | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly source: RecorderCameraSource) {}

  async follow(onCameras: OnCameras): Promise<CameraFollow> {
    this.upstream ??= this.source.follow((cameras) =>
      this.serialise(async () => {
        this.latest = cameras;
        await Promise.all([...this.followers].map((follower) => this.deliver(follower, cameras)));
      }),
    );
    await this.upstream;
    await this.serialise(async () => {
      this.followers.add(onCameras);
      if (this.latest !== undefined) {
        await this.deliver(onCameras, this.latest);
      }
    });
    return {
      close: async () => {
        this.followers.delete(onCameras);
        if (this.followers.size === 0 && this.upstream !== undefined) {
          const upstream = this.upstream;
          this.upstream = undefined;
          this.latest = undefined;
          await (await upstream).close();
        }
      },
    };
  }

  private async deliver(follower: OnCameras, cameras: readonly RecorderCamera[]): Promise<void> {
    try {
      await follower(cameras);
    } catch (error) {
      this.logger.error(`a follower of the cameras failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private serialise(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
