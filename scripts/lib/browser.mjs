// Makes sure Debian's chromium is installed: the operator console's browser test drives it with playwright-core,
// which downloads no browser of its own. When it is missing, installs Debian's package with apt-get, once: as root,
// as on our machines and CI; otherwise it says which command to run. Only Node's own modules are imported here.
import { spawnSync } from 'node:child_process';

/** Where Debian's package puts the browser; the browser test launches this path. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const BROWSER_PACKAGES = ['chromium'];

const runs = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

export const chromiumInstalled = () => runs(CHROMIUM_PATH, ['--version']);

export function ensureBrowser({ log = console.log } = {}) {
  if (chromiumInstalled()) {
    return;
  }
  const install = `apt-get update && apt-get install -y --no-install-recommends ${BROWSER_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0 || !runs('apt-get', ['--version'])) {
    throw new Error(`missing ${CHROMIUM_PATH}: install it with \`${install}\` (as root, on Debian)`);
  }
  log(`missing ${CHROMIUM_PATH}: installing Debian's chromium`);
  const result = spawnSync('sh', ['-c', install], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0 || !chromiumInstalled()) {
    throw new Error(`could not install chromium (apt-get exit ${result.status})`);
  }
  log('chromium installed');
}
