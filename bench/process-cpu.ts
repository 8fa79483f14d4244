/**
 * CPU time of processes from /proc (Linux): what the benchmarks use to say where the CPU goes, per process or per
 * process tree (an app with its ffmpeg children), measured between two snapshots.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const clockTicks = ((): number => {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(result.stdout?.trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): field 3 of proc(5) first. */
const statFields = (pid: number): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
};

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
export const processCpuSeconds = (pid: number): number => {
  const fields = statFields(pid);
  return fields === undefined ? 0 : (Number(fields[11]) + Number(fields[12])) / clockTicks;
};

/** The command line of a process (arguments joined by spaces); '' when it is gone. */
export const processCommandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
};

/** Every descendant of `root` (children, their children...), from the parent pid of every process in /proc. */
export const descendantsOf = (root: number): number[] => {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) {
      continue;
    }
    const parent = Number(statFields(pid)?.[1]);
    if (Number.isInteger(parent)) {
      childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), pid]);
    }
  }
  const found: number[] = [];
  const pending = [...(childrenOf.get(root) ?? [])];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    found.push(pid);
    pending.push(...(childrenOf.get(pid) ?? []));
  }
  return found;
};

/** CPU seconds used so far by a process and, separately, by each of its descendants. */
export type TreeCpu = Readonly<{ at: number; root: number; descendants: ReadonlyMap<number, number> }>;

export const treeCpu = (root: number): TreeCpu => ({
  at: performance.now(),
  root: processCpuSeconds(root),
  descendants: new Map(descendantsOf(root).map((pid) => [pid, processCpuSeconds(pid)])),
});

export type TreeUsage = Readonly<{
  /** % of one core, of the root process alone and of its descendants together. */
  rootPct: number;
  descendantsPct: number;
  /** Descendants that appeared between the snapshots (e.g. an ffmpeg restarted). */
  started: number;
}>;

/**
 * CPU between two snapshots of a tree, in % of one core. A descendant that appeared in between counts whole (it
 * started in the window); one that ended in between is not counted (its time is lost to us).
 */
export const treeUsageBetween = (from: TreeCpu, to: TreeCpu): TreeUsage => {
  const seconds = (to.at - from.at) / 1_000;
  const pct = (cpu: number): number => (seconds > 0 ? (cpu * 100) / seconds : 0);
  let descendants = 0;
  let started = 0;
  for (const [pid, cpu] of to.descendants) {
    const before = from.descendants.get(pid);
    started += before === undefined ? 1 : 0;
    descendants += cpu - (before ?? 0);
  }
  return { rootPct: pct(to.root - from.root), descendantsPct: pct(descendants), started };
};
