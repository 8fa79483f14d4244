import { rmSync } from 'node:fs';
import type { Segment } from './segment-list';

/**
 * A camera's pre-buffer: the segments of the last `keepSeconds`, as files in one directory (the segmenter's). Older
 * segments are deleted as new ones arrive. Recordings link the segments they keep into their own folder, so the
 * ring can delete its copy whatever the recordings do. "Memory" pre-buffers (at most 15 s) are the same ring on a
 * memory-backed directory (tmpfs such as /dev/shm), chosen by PRE_BUFFER_DIR.
 *
 * The ring holds `marginSeconds` more than the pre-buffer: a start job reaches the worker a little after its
 * trigger (rule engine, queue), and must still find the segment holding trigger − pre-buffer.
 */
export class SegmentRing {
  private segments: Segment[] = [];

  constructor(
    private readonly keepSeconds: number,
    private readonly marginSeconds = 5,
  ) {}

  /** The pre-buffer it serves (without the margin). */
  get seconds(): number {
    return this.keepSeconds;
  }

  /** Adds a finished segment and deletes those now older than the pre-buffer (keeping the one holding its start). */
  add(segment: Segment, now: number): void {
    this.segments.push(segment);
    const horizon = now - (this.keepSeconds + this.marginSeconds) * 1000;
    const keep: Segment[] = [];
    for (const each of this.segments) {
      if (each.end <= horizon && each !== segment) {
        rmSync(each.file, { force: true });
      } else {
        keep.push(each);
      }
    }
    this.segments = keep;
  }

  /** The segments held now, oldest first. */
  list(): readonly Segment[] {
    return this.segments;
  }

  clear(): void {
    for (const segment of this.segments) {
      rmSync(segment.file, { force: true });
    }
    this.segments = [];
  }
}
