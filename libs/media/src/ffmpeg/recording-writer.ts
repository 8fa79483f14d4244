import {
  appendFileSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { Segment } from './segment-list';

export const RECORDING_INDEX_FILE = 'index.csv'; // persisted: do not rename
export const RECORDING_SESSIONS_FILE = 'sessions.csv'; // persisted: do not rename
const INDEX_HEADER = 'file,start,end\n';

/**
 * Writes one recording: each kept segment is linked (or copied when the pre-buffer is on another file system) into
 * the recording's folder as `<start ms>.ts`, and a line `file,start,end` (epoch ms) is appended to its `index.csv`,
 * so the folder alone says what it holds. Segments are whole MPEG-TS files starting at keyframes: nothing is
 * re-encoded.
 */
export class RecordingWriter {
  private written: Segment[] = [];

  private constructor(readonly directory: string) {}

  static create(directory: string): RecordingWriter {
    mkdirSync(directory, { recursive: true });
    appendFileSync(join(directory, RECORDING_INDEX_FILE), INDEX_HEADER);
    return new RecordingWriter(directory);
  }

  /** Reopens a recording folder after a restart (creating it when it is missing): new segments are appended. */
  static open(directory: string): RecordingWriter {
    if (!existsSync(join(directory, RECORDING_INDEX_FILE))) {
      return RecordingWriter.create(directory);
    }
    const writer = new RecordingWriter(directory);
    writer.written = readRecordingIndex(directory);
    return writer;
  }

  /**
   * Notes who holds the recording, in `sessions.csv` (`start,<sessionId>,<kind>` and `stop,<sessionId>,<stopAt ms>`),
   * so that a restarted worker resumes it with the same holders and their stops.
   */
  noteSession(
    line: Readonly<{ sessionId: string; kind: 'rule' | 'manual' } | { sessionId: string; stopAt: number }>,
  ): void {
    appendFileSync(
      join(this.directory, RECORDING_SESSIONS_FILE),
      'kind' in line ? `start,${line.sessionId},${line.kind}\n` : `stop,${line.sessionId},${line.stopAt}\n`,
    );
  }

  get segments(): readonly Segment[] {
    return this.written;
  }

  has(segment: Segment): boolean {
    return this.written.some((each) => each.start === segment.start);
  }

  add(segment: Segment): void {
    if (this.has(segment)) {
      return;
    }
    const name = `${segment.start}.ts`;
    const target = join(this.directory, name);
    try {
      try {
        linkSync(segment.file, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
          throw error;
        }
        copyFileSync(segment.file, target);
      }
      appendFileSync(join(this.directory, RECORDING_INDEX_FILE), `${name},${segment.start},${segment.end}\n`);
    } catch (error) {
      // a full disk: no half-copied file or file missing from the index is left behind, to take space forever
      rmSync(target, { force: true });
      throw error;
    }
    this.written.push({ file: target, start: segment.start, end: segment.end });
  }

  /**
   * Removes the segments that start at or after `to` (a stop that arrived after its instant): the recording ends
   * with the segment holding `to`.
   */
  dropFrom(to: number): void {
    const late = this.written.filter((segment) => segment.start >= to);
    if (late.length === 0) {
      return;
    }
    late.forEach((segment) => rmSync(segment.file, { force: true }));
    this.written = this.written.filter((segment) => segment.start < to);
    writeRecordingIndex(this.directory, this.written);
  }

  /** What was written: first frame, end of the last segment, segment count; undefined when nothing was. */
  summary(): { from: number; to: number; segments: number } | undefined {
    return this.written.length === 0
      ? undefined
      : {
          from: Math.min(...this.written.map((segment) => segment.start)),
          to: Math.max(...this.written.map((segment) => segment.end)),
          segments: this.written.length,
        };
  }
}

/** Replaces a recording folder's index with these segments (its own files, by name). */
export const writeRecordingIndex = (directory: string, segments: readonly Segment[]): void => {
  writeFileSync(
    join(directory, RECORDING_INDEX_FILE),
    INDEX_HEADER + segments.map((s) => `${basename(s.file)},${s.start},${s.end}\n`).join(''),
  );
};

/** The segments of a recording folder, from its index, in time order. */
export const readRecordingIndex = (directory: string): Segment[] =>
  readFileSync(join(directory, RECORDING_INDEX_FILE), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => {
      const [file, start, end] = line.split(',');
      return { file: join(directory, basename(file ?? '')), start: Number(start), end: Number(end) };
    })
    .sort((a, b) => a.start - b.start);

/**
 * The recorded segments of one camera that overlap [from, to), across its recordings (`<cameraDirectory>/<recording
 * id>/index.csv`), in time order, each once: what a playback or an MP4 export of that range concatenates.
 */
export const recordedSegmentsBetween = (cameraDirectory: string, from: number, to: number): Segment[] => {
  if (!existsSync(cameraDirectory)) {
    return [];
  }
  const byStart = new Map<number, Segment>();
  for (const entry of readdirSync(cameraDirectory, { withFileTypes: true })) {
    const directory = join(cameraDirectory, entry.name);
    if (!entry.isDirectory() || !existsSync(join(directory, RECORDING_INDEX_FILE))) {
      continue;
    }
    for (const segment of readRecordingIndex(directory)) {
      if (segment.end > from && segment.start < to && !byStart.has(segment.start)) {
        byStart.set(segment.start, segment);
      }
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
};

/** The holders noted in a recording folder, with their stops: what a restarted worker resumes. */
export const readRecordingSessions = (
  directory: string,
): { sessionId: string; kind: 'rule' | 'manual'; stopAt?: number }[] => {
  const file = join(directory, RECORDING_SESSIONS_FILE);
  if (!existsSync(file)) {
    return [];
  }
  const holders = new Map<string, { sessionId: string; kind: 'rule' | 'manual'; stopAt?: number }>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [what, sessionId, value] = line.split(',');
    if (sessionId === undefined || value === undefined) {
      continue;
    }
    if (what === 'start' && !holders.has(sessionId)) {
      holders.set(sessionId, { sessionId, kind: value === 'manual' ? 'manual' : 'rule' });
    }
    const holder = holders.get(sessionId);
    if (what === 'stop' && holder !== undefined && Number.isFinite(Number(value))) {
      holder.stopAt = Math.min(holder.stopAt ?? Number(value), Number(value));
    }
  }
  return [...holders.values()];
};
