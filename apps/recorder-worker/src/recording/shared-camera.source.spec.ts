import type { CameraFollow, RecorderCamera, RecorderCameraSource } from './recorder-cameras.port';
import { SharedCameraSource } from './shared-camera.source';

const camera = (cameraId: string): RecorderCamera => ({ cameraId, rtspUri: `rtsp://127.0.0.1/${cameraId}` });

/** A source whose changes the test pushes, counting how often it is followed and closed. */
class PushedCameras implements RecorderCameraSource {
  follows = 0;
  closes = 0;
  private onCameras: ((cameras: readonly RecorderCamera[]) => Promise<void>) | undefined;

  async follow(onCameras: (cameras: readonly RecorderCamera[]) => Promise<void>): Promise<CameraFollow> {
    this.follows += 1;
    this.onCameras = onCameras;
    await onCameras([camera('a')]);
    return {
      close: () => {
        this.closes += 1;
        return Promise.resolve();
      },
    };
  }

  push(cameras: readonly RecorderCamera[]): Promise<void> {
    return this.onCameras?.(cameras) ?? Promise.resolve();
  }
}

const idsOf = (cameras: readonly RecorderCamera[]): string[] => cameras.map((each) => each.cameraId);

describe('SharedCameraSource', () => {
  it('given two followers, then the source is followed once and both see every set, the later one the latest first', async () => {
    const source = new PushedCameras();
    const sut = new SharedCameraSource(source);
    const first: string[][] = [];
    const second: string[][] = [];

    await sut.follow((cameras) => Promise.resolve(void first.push(idsOf(cameras))));
    await source.push([camera('a'), camera('b')]);
    await sut.follow((cameras) => Promise.resolve(void second.push(idsOf(cameras))));
    await source.push([camera('b')]);

    expect(source.follows).toBe(1);
    expect(first).toEqual([['a'], ['a', 'b'], ['b']]);
    expect(second).toEqual([['a', 'b'], ['b']]);
  });

  it('given a follower that fails, then the others still see the set', async () => {
    const source = new PushedCameras();
    const sut = new SharedCameraSource(source);
    const seen: string[][] = [];
    await sut.follow(() => Promise.reject(new Error('cannot start ffmpeg')));
    await sut.follow((cameras) => Promise.resolve(void seen.push(idsOf(cameras))));

    await source.push([camera('c')]);

    expect(seen).toEqual([['a'], ['c']]);
  });

  it('given every follower closed, then the source is closed, and a new follower follows it again', async () => {
    const source = new PushedCameras();
    const sut = new SharedCameraSource(source);
    const one = await sut.follow(() => Promise.resolve());
    const two = await sut.follow(() => Promise.resolve());

    await one.close();
    expect(source.closes).toBe(0);
    await two.close();
    expect(source.closes).toBe(1);

    await sut.follow(() => Promise.resolve());
    expect(source.follows).toBe(2);
  });
});
