import { ENFORCE_RECORDING_STORAGE_JOB, InvalidJobPayloadError } from '@vigil/domain';
import { UnrecoverableError, type Job } from 'bullmq';
import { InMemoryEventStore } from '@vigil/infrastructure';
import { CameraControlDirectory } from '../ptz/camera-control.directory';
import { OutputsService } from '../ptz/outputs.service';
import { PtzService } from '../ptz/ptz.service';
import type { RecordingService } from '../recording/recording.service';
import { RecorderJobProcessor } from './recorder-job.processor';

const T = 1_800_000_000_000;
const context = { deviceId: 'cam-1', ruleId: 'r1', causationId: 'c1', correlationId: 'k1', triggeredAt: T };

const aJob = (name: string, data: object, timestamp = T, delay?: number): Job =>
  ({ name, data, id: '1', timestamp, opts: delay === undefined ? {} : { delay } }) as unknown as Job;

describe('RecorderJobProcessor', () => {
  const startRecording = jest.fn<Promise<boolean>, Parameters<RecordingService['startRecording']>>();
  const stopRecording = jest.fn<Promise<boolean>, Parameters<RecordingService['stopRecording']>>();
  const startManualRecording = jest.fn<Promise<boolean>, Parameters<RecordingService['startManualRecording']>>();
  const stopManualRecording = jest.fn<Promise<boolean>, Parameters<RecordingService['stopManualRecording']>>();
  const sut = new RecorderJobProcessor(
    { startRecording, stopRecording, startManualRecording, stopManualRecording } as unknown as RecordingService,
    new PtzService(new InMemoryEventStore(), new CameraControlDirectory()),
    new OutputsService(new CameraControlDirectory()),
  );

  beforeEach(() => {
    startRecording.mockReset().mockResolvedValue(true);
    stopRecording.mockReset().mockResolvedValue(true);
    startManualRecording.mockReset().mockResolvedValue(true);
    stopManualRecording.mockReset().mockResolvedValue(true);
  });

  const manual = { deviceId: 'cam-1', sessionId: 'manual-cam-1-1', correlationId: 'k1' };

  it('starts a manual session on behalf of its operator', async () => {
    await sut.process(aJob('StartManualRecording', { ...manual, userId: 'u1', autoStopAt: T + 300_000 }));
    expect(startManualRecording).toHaveBeenCalledWith(
      { ...manual, userId: 'u1', autoStopAt: T + 300_000 },
      { correlationId: 'k1', actorId: 'u1' },
    );
  });

  it('stops a manual session at the job due time: the operator now, the auto-stop at its delayed instant', async () => {
    await sut.process(aJob('StopManualRecording', { ...manual, reason: 'user', userId: 'u1' }, T + 500));
    await sut.process(aJob('StopManualRecording', { ...manual, reason: 'auto-stop' }, T, 300_000));
    expect(stopManualRecording.mock.calls.map(([input]) => [input.reason, input.stopAt])).toEqual([
      ['user', T + 500],
      ['auto-stop', T + 300_000],
    ]);
  });

  it('starts the session with the job causation as event metadata', async () => {
    await sut.process(aJob('StartRecording', { ...context, sessionId: 's1', preBufferSeconds: 3 }));
    expect(startRecording).toHaveBeenCalledWith(
      { ...context, sessionId: 's1', preBufferSeconds: 3 },
      { causationId: 'c1', correlationId: 'k1' },
    );
  });

  it('stops at the job due time: now for an immediate stop, N seconds later for a delayed one', async () => {
    await sut.process(aJob('StopRecording', { ...context, sessionId: 's1' }, T + 500));
    await sut.process(aJob('StopRecording', { ...context, sessionId: 's2' }, T + 500, 3_000));
    expect(stopRecording.mock.calls.map(([input]) => [input.sessionId, input.stopAt])).toEqual([
      ['s1', T + 500],
      ['s2', T + 3_500],
    ]);
  });

  it('completes PTZ and output jobs for devices it does not drive', async () => {
    await expect(sut.process(aJob('MoveToPreset', { ...context, presetId: '1', priority: 1 }))).resolves.toBe(
      'unknownCamera',
    );
    await expect(sut.process(aJob('ActivateOutput', context))).resolves.toBeUndefined();
  });

  it('completes a job for a device it does not record', async () => {
    startRecording.mockResolvedValue(false);
    await expect(
      sut.process(aJob('StartRecording', { ...context, sessionId: 's1', preBufferSeconds: 3 })),
    ).resolves.toBeUndefined();
  });

  it('rejects an invalid payload as such (never retried) and refuses jobs it cannot do yet', async () => {
    await expect(sut.process(aJob('StartRecording', { ...context, sessionId: '' }))).rejects.toBeInstanceOf(
      InvalidJobPayloadError,
    );
    await expect(sut.process(aJob('StartFeed', { ...context, sessionId: 's1' }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    await expect(
      sut.process(aJob('PtzManualCommand', { cameraId: 'cam-1', sessionId: 's', userId: 'u', action: 'pan' })),
    ).rejects.toBeInstanceOf(InvalidJobPayloadError);
  });

  it('refuses a storage job with a broken payload (never retried), or when it has no storage to enforce', async () => {
    await expect(sut.process(aJob(ENFORCE_RECORDING_STORAGE_JOB, {}))).rejects.toBeInstanceOf(InvalidJobPayloadError);
    await expect(sut.process(aJob(ENFORCE_RECORDING_STORAGE_JOB, { recorderId: 'r1' }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
  });
});
