// The recording storage on a real file system: what it holds and uses (hard links once), and deleting from it.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteRecordingSegments, scanRecordingStorage } from './recording-storage';
import { readRecordingIndex, RecordingWriter } from './recording-writer';

const T = 1_800_000_000_000;

describe('the recording storage on disk', () => {
  let root: string;
  const ring = () => join(root, '.prebuffer', 'cam-1');
  /** A 1 000-byte pre-buffer segment n of camera 1. */
  const segment = (n: number) => {
    const file = join(ring(), `run1-${n}.ts`);
    writeFileSync(file, Buffer.alloc(1_000, n));
    return { file, start: T + n * 1000, end: T + (n + 1) * 1000 };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-storage-'));
    mkdirSync(ring(), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('given recordings linked from the pre-buffer, then each file counts once, and those the ring still holds are shared', () => {
    // given segments 0-3 recorded by rec-1, segment 3 also by rec-2, and the ring still holding segments 2 and 3
    const segments = [0, 1, 2, 3].map(segment);
    const first = RecordingWriter.create(join(root, 'cam-1', 'rec-1'));
    segments.forEach((each) => first.add(each));
    RecordingWriter.create(join(root, 'cam-1', 'rec-2')).add(segments[3]!);
    rmSync(segments[0]!.file);
    rmSync(segments[1]!.file);

    // when scanned
    const scan = scanRecordingStorage(root);

    // then the folders are the recordings (not the pre-buffer), with what deleting each segment frees
    expect(scan.folders.map((folder) => folder.recordingId).sort()).toEqual(['rec-1', 'rec-2']);
    const rec1 = scan.folders.find((folder) => folder.recordingId === 'rec-1')!;
    expect(rec1.segments.map(({ bytes, shared }) => ({ bytes, shared }))).toEqual([
      { bytes: 1_000, shared: false },
      { bytes: 1_000, shared: false },
      { bytes: 1_000, shared: true },
      { bytes: 1_000, shared: true },
    ]);
    // 4 distinct media files plus two small indexes (counting each link would make 7 000 bytes of media)
    expect(scan.usedBytes).toBeGreaterThanOrEqual(4_000);
    expect(scan.usedBytes).toBeLessThan(5_000);
    expect(scan.freeBytes).toBeGreaterThan(0);
  });

  it('given a recording, when its oldest segments are deleted, then the files and their index lines are gone, and again changes nothing', () => {
    const writer = RecordingWriter.create(join(root, 'cam-1', 'rec-1'));
    [0, 1, 2].map(segment).forEach((each) => writer.add(each));
    const oldest = readRecordingIndex(writer.directory).slice(0, 2);

    deleteRecordingSegments(writer.directory, oldest, false);
    deleteRecordingSegments(writer.directory, oldest, false);

    expect(readRecordingIndex(writer.directory).map((each) => each.start)).toEqual([T + 2_000]);
    expect(oldest.some((each) => existsSync(each.file))).toBe(false);
  });

  it('given a recording deleted whole, then its folder is gone', () => {
    const writer = RecordingWriter.create(join(root, 'cam-1', 'rec-1'));
    writer.add(segment(0));

    deleteRecordingSegments(writer.directory, writer.segments, true);

    expect(existsSync(writer.directory)).toBe(false);
    expect(scanRecordingStorage(root).folders).toEqual([]);
  });
});
