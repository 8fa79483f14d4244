import { appendFileSync, copyFileSync, linkSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Segment } from './segment-list';

export const RECORDING_INDEX_FILE = 'index.csv'; // persisted: do not rename
const INDEX_HEADER = 'file,start,end\n';

/**
 * Writes one recording: each kept segment is linked (or copied when the pre-buffer is on another file system) into
 * the recording's folder as `<start ms>.ts`, and a line `file,start,end` (epoch ms) is appended to its `index.csv`,
 * so the folder alone says what it holds. Segments are whole MPEG-TS files starting at keyframes: nothing is
 * re-encoded.
 */
export class RecordingWriter {
  private readonly written: Segment[] = [];

  private constructor(readonly directory: string) {}

  static create(directory: string): RecordingWriter {
    mkdirSync(directory, { recursive: true });
    appendFileSync(join(directory, RECORDING_INDEX_FILE), INDEX_HEADER);
    return new RecordingWriter(directory);
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
      linkSync(segment.file, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
        throw error;
      }
      copyFileSync(segment.file, target);
    }
    appendFileSync(join(this.directory, RECORDING_INDEX_FILE), `${name},${segment.start},${segment.end}\n`);
    this.written.push({ file: target, start: segment.start, end: segment.end });
  }

  /** What was written: first frame, end of the last segment, segment count; undefined when nothing was. */
  summary(): { from: number; to: number; segments: number } | undefined {
    const first = this.written[0];
    const last = this.written[this.written.length - 1];
    return first === undefined || last === undefined
      ? undefined
      : { from: first.start, to: last.end, segments: this.written.length };
  }
}

/** The segments of a recording folder, from its index. */
export const readRecordingIndex = (directory: string): Segment[] =>
  readFileSync(join(directory, RECORDING_INDEX_FILE), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => {
      const [file, start, end] = line.split(',');
      return { file: join(directory, basename(file ?? '')), start: Number(start), end: Number(end) };
    });
