// Retention and maximum size against real recordings: a simulated camera, real ffmpeg, the storage job run by BullMQ
// (its scheduler first), events in PostgreSQL, media on disk. Waits on signals (events, files, jobs), never on time.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ENFORCE_RECORDING_STORAGE_JOB,
  recordingStorageSchedulerId,
  type RecordingMediaDeleted,
  type RecordingStarted,
  type RecordingStopped,
  type RecordingStorageAvailable,
  type RecordingStorageFull,
} from '@vigil/domain';
import { readRecordingIndex } from '@vigil/media';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecordingStorageEnforcer, type RecordingStorageLimits } from './recording-storage.enforcer';
import { scheduleRecordingStorageChecks } from './recording-storage.schedule';
import { RecorderTestBed } from './testing/recorder-test-bed';

const HOUR = 3_600_000;

describe('recorder worker: recording storage retention and maximum size', () => {
  let storage: string;
  let bed: RecorderTestBed;

  const enforceWith = (limits: RecordingStorageLimits, now?: () => number): void => {
    bed.enforcer = new RecordingStorageEnforcer(limits, bed.recordings, bed.store, now);
  };
  const enforceNow = () => bed.run(ENFORCE_RECORDING_STORAGE_JOB, { recorderId: bed.recorderId });
  const folderOf = (recordingId: string) => bed.recordings.recordingDirectory(bed.cameraId(1), recordingId);
  const deletions = async (recordingId: string): Promise<RecordingMediaDeleted['data'][]> =>
    (await bed.eventsOf(`recording-${bed.cameraId(1)}`))
      .filter((event) => event.type === 'RecordingMediaDeleted')
      .map((event) => event.data as RecordingMediaDeleted['data'])
      .filter((data) => data.recordingId === recordingId);
  const preBufferFiles = () => readdirSync(join(storage, '.prebuffer', bed.cameraId(1)));

  beforeAll(async () => {
    storage = mkdtempSync(join(tmpdir(), 'vigil-storage-'));
    // the pre-buffer in the storage (the default): it counts in its size, and must survive every deletion
    bed = await RecorderTestBed.start({ cameras: 1, recordingsDirectory: storage, preBufferSeconds: 4 });
  });

  afterAll(async () => {
    await bed?.close();
    rmSync(storage, { recursive: true, force: true });
  });

  it('deletes what is past the retention time on its schedule, and only that: not the next recording, not the one in progress, not the pre-buffer', async () => {
    // given a finished recording A, then a finished recording B, then C in progress
    const a = await bed.record(1, 2);
    const b = await bed.record(1, 2);
    const live = randomUUID();
    await bed.startRecording(1, live);
    const c = await bed.started(1, live);
    await bed.recordedPast(1, c.recordingId, c.at);

    // when the storage keeps 1 hour and it is now 1 hour after A ended, on the worker's own schedule
    enforceWith({ retentionMs: HOUR, minFreeBytes: 0 }, () => a.media!.to + HOUR);
    await scheduleRecordingStorageChecks({
      redisUrl: bed.redisUrl,
      prefix: bed.prefix,
      recorderId: bed.recorderId,
      everyMs: 500,
    });
    await scheduleRecordingStorageChecks({
      redisUrl: bed.redisUrl,
      prefix: bed.prefix,
      recorderId: bed.recorderId,
      everyMs: 500,
    });

    // then A is deleted whole, told once in its camera's stream, and nothing else is
    const deleted = await bed.waitForEvent<RecordingMediaDeleted>(1, 'RecordingMediaDeleted');
    expect(deleted).toMatchObject({
      cameraId: bed.cameraId(1),
      recordingId: a.recordingId,
      reason: 'retention',
      whole: true,
      through: a.media!.to,
    });
    expect(deleted.bytes).toBeGreaterThan(0);
    expect(existsSync(folderOf(a.recordingId))).toBe(false);
    expect(readRecordingIndex(folderOf(b.recordingId))).toHaveLength(b.media!.segments);
    expect(readRecordingIndex(folderOf(c.recordingId)).length).toBeGreaterThan(0);
    expect(preBufferFiles().length).toBeGreaterThan(0);
    // one scheduler however often the worker starts, and its jobs run again without telling anything twice
    expect(await bed.queue.getJobSchedulers()).toHaveLength(1);
    const completed = await bed.queue.getCompletedCount();
    await eventually(async () => (await bed.queue.getCompletedCount()) >= completed + 2, 'two more scheduled runs');
    expect(await deletions(a.recordingId)).toHaveLength(1);
    expect(await deletions(c.recordingId)).toEqual([]);
    await bed.queue.removeJobScheduler(recordingStorageSchedulerId(bed.recorderId));

    await bed.stopRecording(1, live, c.recordingId);
  });

  it('beyond the maximum size deletes the oldest media first; when only the recording in progress is left it stops recording, and resumes when there is room', async () => {
    // given a finished recording B of about 8 s (oldest), then D in progress
    const b = await bed.record(1, 8);
    const live = randomUUID();
    await bed.startRecording(1, live);
    const d = await bed.started(1, live);
    await bed.recordedPast(1, d.recordingId, d.at + 1_000);

    // when the maximum size is 1 byte: less than the recording in progress and the pre-buffer alone
    enforceWith({ retentionMs: HOUR, maxBytes: 1, minFreeBytes: 0 });
    await enforceNow();

    // then every finished recording is deleted, oldest first, for the maximum size, but not D, which stops
    const oldest = (await bed.eventsOf(`recording-${bed.cameraId(1)}`))
      .filter((event) => event.type === 'RecordingMediaDeleted')
      .map((event) => event.data as RecordingMediaDeleted['data'])
      .filter((data) => data.reason === 'max-size');
    expect(oldest.map((data) => data.recordingId)).toContain(b.recordingId);
    expect(oldest.every((data) => data.whole)).toBe(true);
    expect(oldest.map((data) => data.recordingId)).not.toContain(d.recordingId);
    expect(existsSync(folderOf(b.recordingId))).toBe(false);
    const stopped = await bed.waitForEvent<RecordingStopped>(
      1,
      'RecordingStopped',
      (data) => data.recordingId === d.recordingId,
    );
    expect(stopped.media?.segments).toBeGreaterThan(0);
    const full = await bed.waitForEvent<RecordingStorageFull>(1, 'RecordingStorageFull');
    expect(full).toMatchObject({ reason: 'max-size', recorderId: bed.recorderId, recordingIds: [d.recordingId] });
    expect(preBufferFiles().length).toBeGreaterThan(0);

    // when room comes back (a larger maximum), then the session still holding the camera records again
    enforceWith({ retentionMs: HOUR, maxBytes: 1_000_000_000, minFreeBytes: 0 });
    await enforceNow();
    const available = await bed.waitForEvent<RecordingStorageAvailable>(1, 'RecordingStorageAvailable');
    expect(available.since).toBe(full.at);
    const resumed = await bed.waitForEvent<RecordingStarted>(
      1,
      'RecordingStarted',
      (data) => data.sessionIds.includes(live) && data.recordingId !== d.recordingId,
    );
    await bed.recordedPast(1, resumed.recordingId, resumed.at + 1_000);

    // and the pre-buffer survived: a new rule recording gets its 3 s before the trigger
    const after = await bed.stopRecording(1, live, resumed.recordingId);
    expect(after.media?.segments).toBeGreaterThan(0);
    const withPreBuffer = randomUUID();
    const triggeredAt = Date.now();
    await bed.run('StartRecording', {
      deviceId: bed.cameraId(1),
      ruleId: 'rule-1',
      causationId: randomUUID(),
      correlationId: randomUUID(),
      triggeredAt,
      sessionId: withPreBuffer,
      preBufferSeconds: 3,
    });
    const started = await bed.started(1, withPreBuffer);
    await bed.recordedPast(1, started.recordingId, triggeredAt);
    const first = readRecordingIndex(folderOf(started.recordingId))[0]!;
    expect(first.start).toBeLessThanOrEqual(triggeredAt - 3_000);
    await bed.stopRecording(1, withPreBuffer, started.recordingId);
  });
});
