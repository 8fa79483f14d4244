// The recording folder on a real file system: segments linked in, the index written, a late stop trimmed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecordingIndex, readRecordingSessions, RecordingWriter } from './recording-writer';
import { SegmentRing } from './segment-ring';

const T = 1_800_000_000_000;

describe('RecordingWriter and SegmentRing', () => {
  let root: string;
  const segment = (n: number) => {
    const file = join(root, 'ring', `run1-${n}.ts`);
    writeFileSync(file, `segment ${n}`);
    return { file, start: T + n * 1000, end: T + (n + 1) * 1000 };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-writer-'));
    mkdirSync(join(root, 'ring'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('links segments in by start time, indexes them, and trims those after a late stop', () => {
    const sut = RecordingWriter.create(join(root, 'cam-1', 'rec-1'));
    [2, 0, 1, 3].map(segment).forEach((each) => sut.add(each));

    sut.dropFrom(T + 2_500);

    const index = readRecordingIndex(join(root, 'cam-1', 'rec-1'));
    expect(index.map((each) => each.start)).toEqual([T, T + 1_000, T + 2_000]);
    expect(readFileSync(index[0]!.file, 'utf8')).toBe('segment 0');
    expect(existsSync(join(root, 'cam-1', 'rec-1', `${T + 3_000}.ts`))).toBe(false);
    expect(sut.summary()).toEqual({ from: T, to: T + 3_000, segments: 3 });
  });

  it('reopens a recording after a restart with its segments and its holders', () => {
    const first = RecordingWriter.create(join(root, 'cam-1', 'rec-1'));
    [0, 1].map(segment).forEach((each) => first.add(each));
    first.noteSession({ sessionId: 's1', kind: 'rule' });
    first.noteSession({ sessionId: 's2', kind: 'manual' });
    first.noteSession({ sessionId: 's1', stopAt: T + 5_000 });

    const sut = RecordingWriter.open(join(root, 'cam-1', 'rec-1'));
    sut.add(segment(2));

    expect(sut.summary()).toEqual({ from: T, to: T + 3_000, segments: 3 });
    expect(readRecordingIndex(sut.directory)).toHaveLength(3);
    expect(readRecordingSessions(sut.directory)).toEqual([
      { sessionId: 's1', kind: 'rule', stopAt: T + 5_000 },
      { sessionId: 's2', kind: 'manual' },
    ]);
  });

  it('deletes segments older than the pre-buffer and its margin, whatever recordings hold', () => {
    const sut = new SegmentRing(3, 1);
    const segments = [0, 1, 2, 3, 4, 5, 6].map(segment);
    segments.forEach((each) => sut.add(each, each.end));
    // at T + 7 s: the ring holds from T + 3 s (3 s + 1 s margin), the segment holding that instant included
    expect(sut.list().map((each) => each.start)).toEqual([T + 3_000, T + 4_000, T + 5_000, T + 6_000]);
    expect(existsSync(segments[2]!.file)).toBe(false);
  });
});
