// Makes sure the media tools are installed: ffmpeg and ffprobe (the camera simulator encodes its loop with
// ffmpeg; tests read streams with ffprobe) and GStreamer's RTSP server for Debian's /usr/bin/python3 (the
// simulator's RTSP cameras). When one is missing, installs Debian's packages with apt-get, once: as root, as on
// our machines and CI; otherwise it says which command to run. Only Node's own modules are imported here.
import { spawnSync } from 'node:child_process';

export const MEDIA_PACKAGES = [
  'ffmpeg',
  'gstreamer1.0-tools',
  'gstreamer1.0-plugins-base',
  'gstreamer1.0-plugins-good',
  'gstreamer1.0-plugins-bad',
  'gstreamer1.0-plugins-ugly',
  'gstreamer1.0-libav',
  'gir1.2-gst-rtsp-server-1.0',
  'python3-gi',
];

// The elements the simulator's pipeline uses: multifilesrc and rtph264pay (good), h264parse (bad).
const GSTREAMER_CHECK = [
  'import gi',
  "gi.require_version('Gst', '1.0')",
  "gi.require_version('GstRtspServer', '1.0')",
  'from gi.repository import Gst, GstRtspServer',
  'Gst.init(None)',
  "missing = [n for n in ('multifilesrc', 'h264parse', 'rtph264pay') if Gst.ElementFactory.find(n) is None]",
  'raise SystemExit(1 if missing else 0)',
].join('\n');

const runs = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** What is missing, as a list of short descriptions (empty when everything is there). */
export function missingMediaTools() {
  const missing = [];
  if (!runs('ffmpeg', ['-hide_banner', '-version'])) {
    missing.push('ffmpeg');
  }
  if (!runs('ffprobe', ['-hide_banner', '-version'])) {
    missing.push('ffprobe');
  }
  // Debian's interpreter on purpose: a pyenv or venv python3 first on PATH has no gi.
  if (!runs('/usr/bin/python3', ['-c', GSTREAMER_CHECK])) {
    missing.push('the GStreamer RTSP server for /usr/bin/python3');
  }
  return missing;
}

export function ensureMediaTools({ log = console.log } = {}) {
  const missing = missingMediaTools();
  if (missing.length === 0) {
    return;
  }
  const install = `apt-get update && apt-get install -y --no-install-recommends ${MEDIA_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0 || !runs('apt-get', ['--version'])) {
    throw new Error(`missing ${missing.join(', ')}: install them with \`${install}\` (as root, on Debian)`);
  }
  log(`missing ${missing.join(', ')}: installing Debian's packages`);
  const result = spawnSync('sh', ['-c', install], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const still = missingMediaTools();
  if (result.status !== 0 || still.length > 0) {
    throw new Error(`could not install the media tools (${still.join(', ') || `apt-get exit ${result.status}`})`);
  }
  log('media tools installed');
}
