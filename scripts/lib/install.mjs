// Installs the npm dependencies when node_modules is missing or older than package-lock.json.
// `npm install` with the committed lock, not `npm ci`: the registry mirror we build against serves no packages for
// other platforms (darwin, win32 builds of swc and friends), so npm leaves them out of the lock and `npm ci` then
// refuses the lock as out of sync. `npm install` installs exactly the locked versions for this platform.
// Only Node's own modules are imported here: this runs before anything from node_modules can be loaded.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { ROOT } from './build.mjs';

const LOCKFILE = `${ROOT}/package-lock.json`;
/** npm's record of what it installed in node_modules, rewritten by every `npm ci` / `npm install`. */
const INSTALLED_LOCKFILE = `${ROOT}/node_modules/.package-lock.json`;

/**
 * When package-lock.json is newer than node_modules/.package-lock.json the install may be stale, but a fresh
 * checkout or copy of the work tree makes it newer too. So compare what is locked with what is installed:
 * every locked package is installed at its version (optional ones, built for other platforms, may be absent)
 * and nothing else is installed. Returns the reason it is stale, or undefined when it matches.
 */
function staleness() {
  if (!existsSync(INSTALLED_LOCKFILE)) {
    return 'node_modules is missing (or was not installed by npm)';
  }
  if (statSync(LOCKFILE).mtimeMs <= statSync(INSTALLED_LOCKFILE).mtimeMs) {
    return undefined;
  }
  let locked;
  let installed;
  try {
    locked = JSON.parse(readFileSync(LOCKFILE, 'utf8')).packages ?? {};
    installed = JSON.parse(readFileSync(INSTALLED_LOCKFILE, 'utf8')).packages ?? {};
  } catch {
    return 'package-lock.json is newer than node_modules and could not be compared';
  }
  for (const [path, entry] of Object.entries(locked)) {
    if (path === '') {
      continue;
    }
    const present = installed[path];
    if (!present) {
      if (entry.optional) {
        continue;
      }
      return `package-lock.json is newer than node_modules (${path} is not installed)`;
    }
    if (entry.version !== undefined && present.version !== entry.version) {
      return `package-lock.json is newer than node_modules (${path} ${present.version} installed, ${entry.version} locked)`;
    }
  }
  for (const path of Object.keys(installed)) {
    if (!(path in locked)) {
      return `package-lock.json is newer than node_modules (${path} is installed but not locked)`;
    }
  }
  return undefined;
}

/** The npm that runs `npm start` when there is one (npm_execpath), else the `npm` on PATH. */
function npmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.js$/.test(execPath) && existsSync(execPath)) {
    return { command: process.execPath, args: [execPath] };
  }
  return { command: 'npm', args: [] };
}

export function ensureInstalled({ log = console.log } = {}) {
  const reason = staleness();
  if (reason === undefined) {
    return;
  }
  log(`${reason}: running npm install`);
  const { command, args } = npmCommand();
  const result = spawnSync(command, [...args, 'install', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.error) {
    throw new Error(`could not run npm install: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`npm install failed (${result.signal ? `signal ${result.signal}` : `exit ${result.status}`})`);
  }
}
