/**
 * What every benchmark under bench/ shares: timing, percentiles, the machine it ran on, and the report it writes
 * to bench/results/<name>.json (kept out of git) and prints. Benchmarks never assert: a missed target is a finding
 * to read in the report, not a failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';

export type MachineInfo = Readonly<{
  cpus: number;
  cpuModel: string;
  totalMemoryMb: number;
  os: string;
  /** Load averages (1, 5, 15 min) at the end of the run, this benchmark included (up to about 2): more is others. */
  loadAverage: readonly number[];
  node: string;
  postgres: string;
  /** Server settings that move write throughput a lot (fsync, synchronous_commit...). */
  postgresSettings: Readonly<Record<string, string>>;
}>;

export type BenchReport = Readonly<{
  benchmark: string;
  recordedAt: string;
  machine: MachineInfo;
  parameters: Readonly<Record<string, number | string>>;
  metrics: Readonly<Record<string, number>>;
  /** The figure of every round, for metrics that are the median of several rounds. */
  rounds?: Readonly<Record<string, readonly number[]>>;
  /** The least value each metric should reach (throughputs and ratios: higher is better). */
  targets: Readonly<Record<string, number>>;
  /** The most each metric may be (latencies: lower is better). */
  targetsAtMost?: Readonly<Record<string, number>>;
  meetsTargets: Readonly<Record<string, boolean>>;
}>;

/** Compiled to dist/bench/, the results go to the source tree's bench/results/. */
const RESULTS_DIR = resolve(__dirname, '..', '..', 'bench', 'results');

/** Milliseconds since `startedAt` (a performance.now() reading). */
export const elapsedMs = (startedAt: number): number => performance.now() - startedAt;

/** Items per second for `count` items done in `ms` milliseconds. */
export const perSecond = (count: number, ms: number): number => (ms > 0 ? (count * 1_000) / ms : 0);

/** Nearest-rank percentile (p in 0..100) of unsorted samples; 0 when there are none. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) {
    return 0;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
};

/** Median of unsorted samples: how we summarise repeated rounds so that one noisy round does not decide. */
export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Rounds for the report: integers for large figures, three significant decimals for small ones. */
export const round = (value: number): number =>
  Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));

export const machineInfo = (postgres: string, postgresSettings: Readonly<Record<string, string>>): MachineInfo => {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
    node: process.version,
    postgres,
    postgresSettings,
  };
};

/** Which metrics reach their target; a metric missing from `metrics` does not. */
export const checkTargets = (
  metrics: Readonly<Record<string, number>>,
  targets: Readonly<Record<string, number>>,
  targetsAtMost: Readonly<Record<string, number>> = {},
): Record<string, boolean> => ({
  ...Object.fromEntries(
    Object.entries(targets).map(([metric, least]) => {
      const value = metrics[metric];
      return [metric, value !== undefined && value >= least];
    }),
  ),
  ...Object.fromEntries(
    Object.entries(targetsAtMost).map(([metric, most]) => {
      const value = metrics[metric];
      return [metric, value !== undefined && value <= most];
    }),
  ),
});

/** Writes bench/results/<benchmark>.json (creating the directory) and returns its path. */
export const writeReport = (report: BenchReport): string => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${report.benchmark}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
};

const formatNumber = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** A table of every metric with its target, then the machine. */
export const printReport = (report: BenchReport, file: string): void => {
  const rows = Object.entries(report.metrics).map(([metric, value]) => {
    const least = report.targets[metric];
    const most = report.targetsAtMost?.[metric];
    const verdict = report.meetsTargets[metric];
    const goal =
      least !== undefined
        ? `target >= ${formatNumber(least)}`
        : most !== undefined
          ? `target <= ${formatNumber(most)}`
          : '';
    const mark = verdict === undefined ? '' : verdict ? 'ok' : 'MISSED';
    return [metric, formatNumber(value), goal, mark];
  });
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => (column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const { machine } = report;
  console.log(`\n${report.benchmark} benchmark, ${report.recordedAt}`);
  for (const row of rows) {
    console.log(`  ${line(row)}`);
  }
  console.log(
    `machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.totalMemoryMb} MB, ${machine.os}, ` +
      `load ${machine.loadAverage.join(' ')}, node ${machine.node}, ` +
      `PostgreSQL ${machine.postgres} (${Object.entries(machine.postgresSettings)
        .map(([setting, value]) => `${setting}=${value}`)
        .join(', ')})`,
  );
  console.log(`written to ${file}`);
};

/** The settings that shape a database benchmark's figures (durability of commits, memory, WAL). */
const POSTGRES_SETTINGS = ['fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_wal_size'];

/** The PostgreSQL server a benchmark ran against: its version and the settings that shape the figures. */
export const postgresInfo = async (pool: Pool): Promise<{ version: string; settings: Record<string, string> }> => {
  const version = await pool.query<{ server_version: string }>('SHOW server_version');
  const settings = await pool.query<{ name: string; value: string }>(
    'SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name',
    [POSTGRES_SETTINGS],
  );
  return {
    version: version.rows[0]?.server_version ?? 'unknown',
    settings: Object.fromEntries(settings.rows.map((row) => [row.name, row.value])),
  };
};
