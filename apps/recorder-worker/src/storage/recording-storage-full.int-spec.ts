// A full disk for real: the recording storage on a 1 MB tmpfs mounted for this test (we run as root, as CI does),
// filled by another file while a camera records. Nothing in the code under test fakes the ENOSPC.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  communicationStream,
  ENFORCE_RECORDING_STORAGE_JOB,
  type RecordingMediaDeleted,
  type RecordingStarted,
  type RecordingStopped,
  type RecordingStorageAvailable,
  type RecordingStorageFull,
} from '@vigil/domain';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecordingStorageEnforcer } from './recording-storage.enforcer';
import { RecorderTestBed } from './testing/recorder-test-bed';

const run = (command: string, ...args: string[]): void => {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message || ''}`);
  }
};

/** Writes to `file` until the file system refuses for lack of space: a disk filled by someone else. */
const fillUp = (file: string): void => {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1_024, 7);
  try {
    for (;;) {
      writeSync(fd, chunk);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') {
      throw error;
    }
  } finally {
    closeSync(fd);
  }
};

describe('recorder worker: a full recording disk', () => {
  let disk: string;
  let preBuffers: string;
  let mounted = false;
  let bed: RecorderTestBed;

  beforeAll(async () => {
    disk = mkdtempSync(join(tmpdir(), 'vigil-full-disk-'));
    run('mount', '-t', 'tmpfs', '-o', 'size=1m', 'vigil-test-disk', disk);
    mounted = true;
    mkdirSync(join(disk, 'recordings'));
    // the pre-buffer on another file system (PRE_BUFFER_DIR): live video and the pre-buffer go on when the
    // recording disk is full
    preBuffers = mkdtempSync(join(tmpdir(), 'vigil-prebuffer-'));
    bed = await RecorderTestBed.start({
      cameras: 2,
      recordingsDirectory: join(disk, 'recordings'),
      preBufferDirectory: preBuffers,
      preBufferSeconds: 2,
    });
    bed.enforcer = new RecordingStorageEnforcer({ retentionMs: 3_600_000, minFreeBytes: 0 }, bed.recordings, bed.store);
  });

  afterAll(async () => {
    await bed?.close();
    if (mounted) {
      run('umount', disk);
    }
    rmSync(disk, { recursive: true, force: true });
    rmSync(preBuffers, { recursive: true, force: true });
  });

  it('stops the recordings when writing fails for lack of space, keeps the worker and the other cameras going, and records again once there is room', async () => {
    // given camera 1 recording onto the small disk, and camera 2 streaming
    const first = randomUUID();
    await bed.startRecording(1, first);
    const started = await bed.started(1, first);
    await bed.recordedPast(1, started.recordingId, started.at + 1_000);

    // when another file fills the disk
    fillUp(join(disk, 'filler'));

    // then camera 1's recording stops with what it has, and the storage is reported full for both cameras
    const stopped = await bed.waitForEvent<RecordingStopped>(
      1,
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
    );
    expect(stopped.media?.segments).toBeGreaterThan(0);
    const full = await bed.waitForEvent<RecordingStorageFull>(1, 'RecordingStorageFull');
    expect(full).toMatchObject({
      reason: 'disk-full',
      recorderId: bed.recorderId,
      recordingIds: [started.recordingId],
    });
    await bed.waitForEvent<RecordingStorageFull>(2, 'RecordingStorageFull', (data) => data.recordingIds.length === 0);

    // and the worker goes on: a job for camera 2 completes (its session waits for room), and camera 1's stream
    // and pre-buffer go on
    const second = randomUUID();
    await bed.startRecording(2, second);
    await eventually(
      () => (bed.recordings.recorderOf(bed.cameraId(1))?.bufferedSince ?? 0) > full.at,
      'camera 1 still buffering after the disk filled up',
    );
    const communication = await bed.eventsOf(communicationStream(bed.cameraId(1)));
    expect(
      communication.filter(
        (event) => event.type === 'CommunicationError' && (event.data as { at: number }).at > full.at,
      ),
    ).toEqual([]);

    // when the storage job runs while the disk is full, then it deletes the oldest recording to make room
    // (Milestone's "Disk Full - Deleting"), but a few seconds of video do not fit yet: nothing records
    await bed.run(ENFORCE_RECORDING_STORAGE_JOB, { recorderId: bed.recorderId });
    const deleted = await bed.waitForEvent<RecordingMediaDeleted>(1, 'RecordingMediaDeleted');
    expect(deleted).toMatchObject({ recordingId: started.recordingId, reason: 'disk-full', whole: true });
    expect(bed.recordings.storageFullCameras()).toHaveLength(2);

    // when the other file is deleted and the storage job runs
    rmSync(join(disk, 'filler'));
    await bed.run(ENFORCE_RECORDING_STORAGE_JOB, { recorderId: bed.recorderId });

    // then both cameras record again: camera 1 for the session still holding it, camera 2 for the one that came
    for (const [n, sessionId] of [
      [1, first],
      [2, second],
    ] as const) {
      const available = await bed.waitForEvent<RecordingStorageAvailable>(n, 'RecordingStorageAvailable');
      expect(available.since).toBeGreaterThanOrEqual(full.at);
      const again = await bed.waitForEvent<RecordingStarted>(
        n,
        'RecordingStarted',
        (data) => data.sessionIds.includes(sessionId) && data.recordingId !== started.recordingId,
      );
      await bed.recordedPast(n, again.recordingId, again.at + 1_000);
      const ended = await bed.stopRecording(n, sessionId, again.recordingId);
      expect(ended.media?.segments).toBeGreaterThan(0);
    }
  });
});
