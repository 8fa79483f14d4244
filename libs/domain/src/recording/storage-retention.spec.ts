import { planStorageEnforcement, type StoragePolicy, type StoredRecording } from './storage-retention';

const T = 1_800_000_000_000;
const HOUR = 3_600_000;
const KB = 1_000;

/** A recording of `count` one-second segments of `bytes` each, the first starting at `start`. */
const recording = (
  recordingId: string,
  start: number,
  count: number,
  options: { cameraId?: string; live?: boolean; bytes?: number } = {},
): StoredRecording => ({
  cameraId: options.cameraId ?? 'cam-1',
  recordingId,
  live: options.live ?? false,
  segments: Array.from({ length: count }, (_, n) => ({
    start: start + n * 1_000,
    end: start + (n + 1) * 1_000,
    bytes: options.bytes ?? 10 * KB,
  })),
});

const used = (recordings: readonly StoredRecording[], extra = 0): number =>
  recordings.reduce((sum, each) => sum + each.segments.reduce((total, s) => total + s.bytes, 0), extra);

const policy = (overrides: Partial<StoragePolicy> = {}): StoragePolicy => ({
  retentionMs: 24 * HOUR,
  minFreeBytes: 0,
  ...overrides,
});

describe('which recorded media the storage deletes', () => {
  it('given recordings older and younger than the retention time, when enforced, then only the media past it goes', () => {
    // given a retention of 24 h, a recording that ended 25 h ago, and one that straddles the 24 h horizon
    const old = recording('old', T - 25 * HOUR, 10);
    const straddling = recording('straddling', T - 24 * HOUR - 5_000, 10);
    const recent = recording('recent', T - HOUR, 10);
    const all = [recent, straddling, old];

    // when
    const plan = planStorageEnforcement(all, { usedBytes: used(all), freeBytes: 10 ** 9 }, policy(), T);

    // then the old one goes whole, the straddling one up to the horizon, the recent one stays
    expect(plan.full).toBeUndefined();
    expect(plan.deletions).toEqual([
      expect.objectContaining({ recordingId: 'old', reason: 'retention', whole: true, bytes: 100 * KB }),
      expect.objectContaining({
        recordingId: 'straddling',
        reason: 'retention',
        whole: false,
        through: T - 24 * HOUR,
        bytes: 50 * KB,
      }),
    ]);
    expect(plan.deletions[0]!.through).toBe(T - 25 * HOUR + 10_000);
  });

  it('given a storage over its maximum size, when enforced, then the oldest media goes first, across cameras, until it fits', () => {
    // given 3 recordings of 100 KB on two cameras, 50 KB of pre-buffer, and a maximum of 200 KB
    const first = recording('first', T - 300_000, 10, { cameraId: 'cam-2' });
    const second = recording('second', T - 200_000, 10, { cameraId: 'cam-1' });
    const third = recording('third', T - 100_000, 10, { cameraId: 'cam-2' });
    const all = [third, second, first];

    // when
    const plan = planStorageEnforcement(
      all,
      { usedBytes: used(all, 50 * KB), freeBytes: 10 ** 9 },
      policy({ maxBytes: 200 * KB }),
      T,
    );

    // then the first goes whole and the second loses its oldest 10 KB segments until 200 KB are left
    expect(plan.full).toBeUndefined();
    expect(plan.deletions).toEqual([
      expect.objectContaining({ cameraId: 'cam-2', recordingId: 'first', reason: 'max-size', whole: true }),
      expect.objectContaining({
        cameraId: 'cam-1',
        recordingId: 'second',
        reason: 'max-size',
        whole: false,
        through: T - 200_000 + 5_000,
        bytes: 50 * KB,
      }),
    ]);
    expect(plan.deletions[1]!.segments.map((segment) => segment.start)).toEqual([
      T - 200_000,
      T - 199_000,
      T - 198_000,
      T - 197_000,
      T - 196_000,
    ]);
  });

  it('given a recording in progress, when the storage is over its maximum, then none of it is deleted, even when older', () => {
    // given a live recording that started before a finished one
    const live = recording('live', T - 300_000, 10, { live: true });
    const finished = recording('finished', T - 200_000, 10);
    const all = [live, finished];

    // when the maximum asks for more than the finished one holds
    const plan = planStorageEnforcement(
      all,
      { usedBytes: used(all), freeBytes: 10 ** 9 },
      policy({ maxBytes: 50 * KB, retentionMs: 60_000 }),
      T,
    );

    // then only the finished one goes (past the retention time), and the storage is still full
    expect(plan.deletions.map((deletion) => deletion.recordingId)).toEqual(['finished']);
    expect(plan.deletions[0]).toMatchObject({ reason: 'retention', whole: true });
    expect(plan.full).toBe('max-size');
  });

  it('given a disk with less free space than the reserve, when enforced, then the oldest media goes until the reserve is free', () => {
    const older = recording('older', T - 200_000, 10);
    const newer = recording('newer', T - 100_000, 10);
    const all = [older, newer];

    const plan = planStorageEnforcement(
      all,
      { usedBytes: used(all), freeBytes: 5 * KB },
      policy({ minFreeBytes: 35 * KB }),
      T,
    );

    expect(plan.full).toBeUndefined();
    expect(plan.deletions).toEqual([
      expect.objectContaining({
        recordingId: 'older',
        reason: 'disk-full',
        through: T - 200_000 + 3_000,
        bytes: 30 * KB,
      }),
    ]);
  });

  it('given media past the retention time and a storage still over its maximum, then both reasons are told apart', () => {
    const expired = recording('expired', T - 2 * HOUR, 10);
    const kept = recording('kept', T - 100_000, 10);
    const all = [expired, kept];

    const plan = planStorageEnforcement(
      all,
      { usedBytes: used(all), freeBytes: 10 ** 9 },
      policy({ retentionMs: HOUR, maxBytes: 80 * KB }),
      T,
    );

    expect(plan.deletions.map(({ recordingId, reason, bytes }) => ({ recordingId, reason, bytes }))).toEqual([
      { recordingId: 'expired', reason: 'retention', bytes: 100 * KB },
      { recordingId: 'kept', reason: 'max-size', bytes: 20 * KB },
    ]);
  });

  it('given nothing over any limit, then nothing is deleted and the storage is not full', () => {
    const all = [recording('a', T - 100_000, 10)];

    const plan = planStorageEnforcement(
      all,
      { usedBytes: used(all), freeBytes: 10 ** 9 },
      policy({ maxBytes: 1_000 * KB, minFreeBytes: 1_000 }),
      T,
    );

    expect(plan).toEqual({ deletions: [] });
  });

  it('given only live recordings and not enough free space, then the storage is full for lack of disk', () => {
    const all = [recording('live', T - 100_000, 10, { live: true })];

    const plan = planStorageEnforcement(all, { usedBytes: used(all), freeBytes: 0 }, policy({ minFreeBytes: 1 }), T);

    expect(plan).toEqual({ deletions: [], full: 'disk-full' });
  });
});

describe('which recorded media the storage deletes, with files still held elsewhere', () => {
  it('given the newest segments of a recording still held by the pre-buffer, then deleting them counts as freeing nothing, and older media goes instead', () => {
    // given two recordings; the newest two segments of the newer one are still linked from the pre-buffer ring
    const older = recording('older', T - 100_000, 4);
    const newer = recording('newer', T - 10_000, 4);
    const held: StoredRecording = {
      ...newer,
      segments: newer.segments.map((segment, n) => (n >= 2 ? { ...segment, shared: true } : segment)),
    };

    // when 60 KB must go
    const all = [older, held];
    const plan = planStorageEnforcement(
      all,
      { usedBytes: used(all), freeBytes: 10 ** 9 },
      policy({ maxBytes: used(all) - 60 * KB }),
      T,
    );

    // then older goes whole (40 KB), newer's two own segments (20 KB) go, and its shared ones are not needed
    expect(plan.full).toBeUndefined();
    expect(plan.deletions.map(({ recordingId, whole, bytes }) => ({ recordingId, whole, bytes }))).toEqual([
      { recordingId: 'older', whole: true, bytes: 40 * KB },
      { recordingId: 'newer', whole: false, bytes: 20 * KB },
    ]);
  });

  it('given only shared segments left, then deleting them all still leaves the storage full, yet they are reported with their size', () => {
    const shared: StoredRecording = {
      ...recording('shared', T - 10_000, 2),
      segments: recording('shared', T - 10_000, 2).segments.map((segment) => ({ ...segment, shared: true })),
    };

    const plan = planStorageEnforcement(
      [shared],
      { usedBytes: 20 * KB, freeBytes: 10 ** 9 },
      policy({ maxBytes: 10 * KB }),
      T,
    );

    expect(plan.deletions).toEqual([expect.objectContaining({ recordingId: 'shared', whole: true, bytes: 20 * KB })]);
    expect(plan.full).toBe('max-size');
  });
});
