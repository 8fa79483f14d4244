// `npm run cameras -- --count 4`: N simulated ONVIF cameras with real H.264 RTSP streams (libs/media/src/simulator),
// for trying the system by hand and for the demo. Installs what is missing (npm packages, ffmpeg, GStreamer),
// compiles libs/media alone into .data/cameras-build (leaving dist/ to `npm start`) and runs the cameras until
// Ctrl-C. The options are those of libs/media/src/simulator/cameras.main.ts.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { ROOT } from './lib/build.mjs';
import { ensureInstalled } from './lib/install.mjs';
import { ensureMediaTools } from './lib/media-tools.mjs';

const log = (line) => console.log(`[cameras] ${line}`);
const OUT = '.data/cameras-build';

ensureInstalled({ log });
ensureMediaTools({ log });
rmSync(`${ROOT}/${OUT}`, { recursive: true, force: true });
const built = spawnSync(
  process.execPath,
  [
    `${ROOT}/node_modules/@swc/cli/bin/swc.js`,
    'libs/media',
    '--out-dir',
    OUT,
    '--config-file',
    '.swcrc',
    '--ignore',
    '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts',
    '--quiet',
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
if (built.status !== 0) {
  log(`could not compile libs/media (exit ${built.status})`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--enable-source-maps', `${ROOT}/${OUT}/libs/media/src/simulator/cameras.main.js`, ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);
// Ctrl-C reaches the child through the terminal; a signal sent to this process alone is passed on. Either way we
// wait for the child, which stops its RTSP server before it exits.
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
