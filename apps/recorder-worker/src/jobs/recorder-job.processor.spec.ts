import { InvalidJobPayloadError } from '@vigil/domain';
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
  const sut = new RecorderJobProcessor(
    { startRecording, stopRecording } as unknown as RecordingService,
    new PtzService(new InMemoryEventStore(), new CameraControlDirectory()),
    new OutputsService(new CameraControlDirectory()),
  );

  beforeEach(() => {
    startRecording.mockReset().mockResolvedValue(true);
    stopRecording.mockReset().mockResolvedValue(true);
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
});
