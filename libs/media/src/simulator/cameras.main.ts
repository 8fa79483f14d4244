// `npm run cameras -- --count 4`: starts N simulated cameras and prints how to reach them, until Ctrl-C.
// Options (all optional): --count 4, --width 1280, --height 720, --fps 25, --host 127.0.0.1, --onvif-port 8081
// (first camera; the others follow; 0 = free ports), --rtsp-port 8554 (0 = a free port), --user admin,
// --password admin, --cache-dir .data/media, --loop-seconds 10, --reboot-ms 2000.
import { resolve } from 'node:path';
import { CameraFleet, type CameraFleetOptions } from './camera.fleet';

const log = (line: string): void => console.log(`[cameras] ${line}`);

const USAGE =
  'usage: npm run cameras -- [--count N] [--width W] [--height H] [--fps F] [--host H] [--onvif-port P] ' +
  '[--rtsp-port P] [--user U] [--password P] [--cache-dir D] [--loop-seconds S] [--reboot-ms MS]';

const NUMERIC = new Set(['count', 'width', 'height', 'fps', 'onvif-port', 'rtsp-port', 'loop-seconds', 'reboot-ms']);
const TEXT = new Set(['host', 'user', 'password', 'cache-dir']);

/** Reads --name value pairs; throws naming the first unknown or invalid option. */
export const parseCameraArgs = (argv: readonly string[]): Record<string, string | number> => {
  const options: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '') ?? '';
    const value = argv[i + 1];
    if (!argv[i]?.startsWith('--') || value === undefined || !(NUMERIC.has(name) || TEXT.has(name))) {
      throw new Error(`unknown or incomplete option ${argv[i] ?? ''}\n${USAGE}`);
    }
    if (NUMERIC.has(name)) {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 0) {
        throw new Error(`--${name} must be a whole number, not ${value}`);
      }
      options[name] = number;
    } else {
      options[name] = value;
    }
  }
  return options;
};

const main = async (): Promise<void> => {
  const args = parseCameraArgs(process.argv.slice(2));
  const number = (name: string, fallback: number): number => (args[name] as number | undefined) ?? fallback;
  const text = (name: string, fallback: string): string => (args[name] as string | undefined) ?? fallback;
  const options: CameraFleetOptions = {
    count: number('count', 4),
    width: number('width', 1280),
    height: number('height', 720),
    fps: number('fps', 25),
    host: text('host', '127.0.0.1'),
    firstOnvifPort: number('onvif-port', 8081),
    rtspPort: number('rtsp-port', 8554),
    credentials: { username: text('user', 'admin'), password: text('password', 'admin') },
    cacheDir: resolve(text('cache-dir', '.data/media')),
    loopSeconds: number('loop-seconds', 10),
    rebootMs: number('reboot-ms', 2000),
    log,
  };
  log(`preparing the ${options.width}x${options.height} @ ${options.fps} fps H.264 loop in ${options.cacheDir}`);
  const fleet = await CameraFleet.start(options);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    log(`${signal}: stopping the cameras`);
    fleet
      .close()
      .then(() => {
        log('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(`[cameras] ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const { username, password } = options.credentials;
  log(`${fleet.cameras.length} cameras, user "${username}" password "${password}" for ONVIF and RTSP (Digest)`);
  for (const camera of fleet.cameras) {
    log(`${camera.name}  ONVIF ${camera.onvifUrl}  RTSP ${camera.rtspUri}  snapshot ${camera.snapshotUri}`);
  }
  const first = fleet.cameras[0];
  if (first) {
    const control = first.onvifUrl.replace(/\/onvif\/device_service$/, '/simulator');
    log(
      `control: curl -X POST ${control}/motion -d '{"active":true}'   (also /inputs/DigitalInput_1, /stream, /reboot;`,
    );
    log(`         GET ${control}/state)`);
  }
  log('Ctrl-C stops them');
};

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[cameras] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
