// Real H.264 over RTSP from the GStreamer server, read by ffprobe and ffmpeg: the configured codec and size,
// timestamps that keep counting across loops of the pre-encoded file, and a stream that stops mid-recording.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { eventually } from '../../../infrastructure/src/testing/wait.fixtures';
import { CameraFleet } from './camera.fleet';

const CACHE_DIR = join(__dirname, '../../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 'p4ss' };
const FPS = 25;
const LOOP_SECONDS = 2;

const ffprobe = (args: readonly string[]): { status: number | null; stdout: string; stderr: string } => {
  const result = spawnSync('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** The camera's stream URI with its credentials, as a recorder adds them (GetStreamUri answers it without). */
const withCredentials = (uri: string, password = CREDENTIALS.password): string => {
  const url = new URL(uri);
  url.username = CREDENTIALS.username;
  url.password = password;
  return url.toString();
};

describe('CameraFleet RTSP streams', () => {
  let fleet: CameraFleet;

  beforeAll(async () => {
    fleet = await CameraFleet.start({
      count: 2,
      width: 640,
      height: 360,
      fps: FPS,
      loopSeconds: LOOP_SECONDS,
      cacheDir: CACHE_DIR,
      credentials: CREDENTIALS,
    });
  });

  afterAll(async () => {
    await fleet?.close();
  });

  it('serves every camera as H.264 at the configured size, from one RTSP server', () => {
    for (const camera of fleet.cameras) {
      // when ffprobe reads the camera's stream
      const probe = ffprobe(['-select_streams', 'v', '-show_streams', '-of', 'json', withCredentials(camera.rtspUri)]);

      // then it is H.264 at 640x360
      expect(probe.stderr).toBe('');
      const [stream] = (
        JSON.parse(probe.stdout) as { streams: { codec_name: string; width: number; height: number }[] }
      ).streams;
      expect(stream).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    }
    expect(new Set(fleet.cameras.map((camera) => new URL(camera.rtspUri).port)).size).toBe(1);
  });

  it('requires the camera credentials (RTSP Digest)', () => {
    const uri = fleet.cameras[0]!.rtspUri;
    expect(ffprobe(['-show_streams', uri]).stderr).toContain('401');
    expect(ffprobe(['-show_streams', withCredentials(uri, 'wrong')]).stderr).toContain('401');
  });

  it('keeps timestamps continuous while the loop repeats', () => {
    // when ffprobe reads more than two loops of packets
    const probe = ffprobe([
      '-select_streams',
      'v',
      '-read_intervals',
      `%+${LOOP_SECONDS * 2 + 1}`,
      '-show_entries',
      'packet=pts,flags',
      '-of',
      'csv=p=0',
      withCredentials(fleet.cameras[0]!.rtspUri),
    ]);

    // then every frame is one frame period (90 kHz clock) after the previous, with a keyframe every second
    const packets = probe.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(','))
      .filter(([pts]) => pts !== undefined && /^\d+$/.test(pts))
      .map(([pts, flags]) => ({ pts: Number(pts), key: flags?.startsWith('K') ?? false }));
    expect(packets.length).toBeGreaterThan(LOOP_SECONDS * 2 * FPS);
    const steps = new Set(packets.slice(1).map((packet, i) => packet.pts - packets[i]!.pts));
    expect([...steps]).toEqual([90_000 / FPS]);
    const keyframes = packets.filter((packet) => packet.key).map((packet) => packet.pts);
    const gaps = new Set(keyframes.slice(1).map((pts, i) => pts - keyframes[i]!));
    expect([...gaps]).toEqual([90_000]);
  });

  it('stops sending mid-recording and streams again after a restart', async () => {
    // given ffmpeg recording the second camera
    const camera = fleet.cameras[1]!;
    const recorder = spawn(
      'ffmpeg',
      [
        '-hide_banner',
        '-nostdin',
        '-rtsp_transport',
        'tcp',
        '-i',
        withCredentials(camera.rtspUri),
        '-c',
        'copy',
        '-f',
        'null',
        '-',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    recorder.stderr.setEncoding('utf8').on('data', (text: string) => (log += text));
    const exited = once(recorder, 'exit');
    await eventually(() => /frame=\s*[1-9]/.test(log), 'ffmpeg to receive frames', 30_000);

    // when the camera stops its stream
    await camera.stopStream();

    // then the recording ends, a new client is refused, and after a restart the stream is back
    await exited;
    expect(camera.state().streaming).toBe(false);
    expect(ffprobe(['-show_streams', withCredentials(camera.rtspUri)]).stderr).toContain('404');
    await camera.startStream();
    const probe = ffprobe([
      '-select_streams',
      'v',
      '-show_entries',
      'stream=codec_name',
      '-of',
      'csv=p=0',
      withCredentials(camera.rtspUri),
    ]);
    expect(probe.stdout.trim()).toBe('h264');
    // and the other camera was not affected
    expect(fleet.cameras[0]!.state().streaming).toBe(true);
  });

  it('stops streaming while it reboots', async () => {
    // given a streaming camera
    const camera = fleet.cameras[0]!;

    // when it reboots, then the stream is down until it is back
    const rebooted = camera.reboot(500);
    expect(camera.state()).toMatchObject({ rebooting: true, streaming: false });
    await rebooted;
    expect(camera.state()).toMatchObject({ rebooting: false, streaming: true });
    const probe = ffprobe([
      '-select_streams',
      'v',
      '-show_entries',
      'stream=codec_name',
      '-of',
      'csv=p=0',
      withCredentials(camera.rtspUri),
    ]);
    expect(probe.stdout.trim()).toBe('h264');
  });
});
