import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseSegmentListLine, redactUrlCredentials, type Segment } from './segment-list';

/** Why the stream stopped arriving (the same words as the domain's RecordingGapReason). */
export type StreamLossReason =
  'stream-ended' | 'stream-stalled' | 'process-exited' | 'connect-failed' | 'recorder-restarted';

export type StreamGap = Readonly<{ from: number; to: number; reason: StreamLossReason; restarts: number }>;

export type RtspSegmenterOptions = Readonly<{
  /** rtsp://user:password@host:port/path: the credentials are passed to ffmpeg only, never logged. */
  url: string;
  /** Where ffmpeg writes the segments (the camera's pre-buffer ring). */
  directory: string;
  segmentSeconds?: number;
  /** No new segment for this long: the stream is stalled, ffmpeg is killed and restarted. */
  stallMs?: number;
  /** Restart delays: from `initialMs`, doubled after each failed start, at most `maxMs`. */
  backoff?: Readonly<{ initialMs: number; maxMs: number }>;
  ffmpegPath?: string;
  now?: () => number;
  /** A segment was finished: its file is complete and will not change. */
  onSegment: (segment: Segment) => void;
  /** The first segment after a start or a restart. */
  onStreamReceived?: (at: number) => void;
  /** ffmpeg exited or stalled while the stream was up. */
  onStreamLost?: (reason: StreamLossReason, at: number) => void;
  /** The stream is back after a loss: nothing was received between `from` and `to`. */
  onGap?: (gap: StreamGap) => void;
  /** ffmpeg's messages, credentials masked. */
  onLog?: (line: string) => void;
  /** Media was received until this instant before a restart of the worker: the first segment reports the gap. */
  resumeAfter?: number;
}>;

const DEFAULTS = { segmentSeconds: 1, stallMs: 5_000, backoff: { initialMs: 500, maxMs: 10_000 } };

/**
 * One ffmpeg per camera that pulls RTSP over TCP and cuts it, without re-encoding (`-c copy`), into MPEG-TS segments
 * of about `segmentSeconds` (cut at keyframes, so each segment starts with one). Frames are stamped with their
 * arrival time (`-use_wallclock_as_timestamps 1 -copyts`), so the segment list that ffmpeg writes to its stdout
 * gives each segment's wall-clock start and end. The first segment of each run is discarded: it may start before
 * the first keyframe and its start time is unknown.
 *
 * ffmpeg is restarted with back-off when it exits (the camera cut the stream, a crash) or when no segment arrived
 * for `stallMs` (it is then killed); the time without segments is reported as a gap once the stream is back.
 */
export class RtspSegmenter {
  private readonly options: RtspSegmenterOptions & typeof DEFAULTS;
  private child: ChildProcess | undefined;
  private stopped = false;
  private stallTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stalled = false;
  private run = 0;
  private restarts = 0;
  private failedStarts = 0;
  private lastEnd: number | undefined;
  private loss: { reason: StreamLossReason; at: number } | undefined;
  private up = false;
  private exited: Promise<void> = Promise.resolve();

  private constructor(options: RtspSegmenterOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  static start(options: RtspSegmenterOptions): RtspSegmenter {
    mkdirSync(options.directory, { recursive: true });
    const segmenter = new RtspSegmenter(options);
    if (options.resumeAfter !== undefined) {
      segmenter.lastEnd = options.resumeAfter;
      segmenter.loss = { reason: 'recorder-restarted', at: options.resumeAfter };
    }
    segmenter.spawn();
    return segmenter;
  }

  /** The running ffmpeg's pid (tests kill it to prove the restart). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get isReceiving(): boolean {
    return this.up;
  }

  /** Stops ffmpeg for good (SIGTERM, then SIGKILL) and waits for it to exit. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.stallTimer);
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await this.exited;
      clearTimeout(killer);
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private spawn(): void {
    this.run += 1;
    const prefix = `run${Date.now()}${this.run}`;
    const args = [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-rtsp_transport',
      'tcp',
      '-use_wallclock_as_timestamps',
      '1',
      '-i',
      this.options.url,
      '-map',
      '0:v',
      '-c',
      'copy',
      '-copyts',
      '-f',
      'segment',
      '-segment_time',
      String(this.options.segmentSeconds),
      '-reset_timestamps',
      '1',
      '-segment_format',
      'mpegts',
      '-segment_list',
      'pipe:1',
      '-segment_list_type',
      'csv',
      join(this.options.directory, `${prefix}-%06d.ts`),
    ];
    const child = spawn(this.options.ffmpegPath ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.stalled = false;
    let lines = 0;
    const listed = new Set<string>();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = parseSegmentListLine(line);
      if (entry === undefined) {
        return;
      }
      listed.add(entry.name);
      lines += 1;
      this.armStallTimer();
      const file = join(this.options.directory, entry.name);
      if (lines === 1) {
        rmSync(file, { force: true }); // may start before the first keyframe, at an unknown time
        return;
      }
      this.received({ file, start: entry.start, end: entry.end });
    });
    child.stderr
      .setEncoding('utf8')
      .on('data', (text: string) => this.options.onLog?.(redactUrlCredentials(text.trim())));
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        clearTimeout(this.stallTimer);
        this.removeUnlisted(prefix, listed);
        resolve();
        if (this.stopped) {
          return;
        }
        // killed by our stall watchdog / by a signal (a crash, an operator) / the camera ended it / never streamed
        const reason: StreamLossReason = this.stalled
          ? 'stream-stalled'
          : signal !== null
            ? 'process-exited'
            : lines === 0
              ? 'connect-failed'
              : 'stream-ended';
        this.options.onLog?.(`ffmpeg exited (${signal ?? `code ${code ?? '?'}`}): ${reason}`);
        this.lost(reason);
        this.scheduleRestart(lines > 1);
      });
    });
    child.once('error', (error) => this.options.onLog?.(`ffmpeg could not start: ${error.message}`));
    this.armStallTimer();
  }

  private received(segment: Segment): void {
    if (!this.up) {
      this.up = true;
      this.failedStarts = 0;
      if (this.loss !== undefined && this.lastEnd !== undefined) {
        this.options.onGap?.({
          from: this.lastEnd,
          to: segment.start,
          reason: this.loss.reason,
          restarts: this.restarts,
        });
      }
      this.loss = undefined;
      this.restarts = 0;
      this.options.onStreamReceived?.(this.now());
    }
    this.lastEnd = segment.end;
    this.options.onSegment(segment);
  }

  private lost(reason: StreamLossReason): void {
    if (this.loss === undefined) {
      this.loss = { reason, at: this.now() };
    }
    if (this.up) {
      this.up = false;
      this.options.onStreamLost?.(reason, this.now());
    }
  }

  private armStallTimer(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.stalled = true;
      this.child?.kill('SIGKILL');
    }, this.options.stallMs);
  }

  private scheduleRestart(gotSegments: boolean): void {
    if (!gotSegments) {
      this.failedStarts += 1;
    }
    this.restarts += 1;
    const { initialMs, maxMs } = this.options.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.max(0, this.failedStarts - 1));
    this.restartTimer = setTimeout(() => {
      if (!this.stopped) {
        this.spawn();
      }
    }, delay);
  }

  /** The segment ffmpeg was writing when it exited is incomplete and unlisted: it is deleted. */
  private removeUnlisted(prefix: string, listed: ReadonlySet<string>): void {
    for (const name of readdirSync(this.options.directory)) {
      if (name.startsWith(`${prefix}-`) && !listed.has(name)) {
        rmSync(join(this.options.directory, name), { force: true });
      }
    }
  }
}
