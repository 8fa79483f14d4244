import { NotFoundException } from '@nestjs/common';
import { recorderQueueName } from '@vigil/domain';
import type { QueueRegistry, RecorderHeartbeats, RecorderPulse } from '@vigil/infrastructure';
import type { CamerasReadModel } from '../cameras/cameras-read-model';
import type { RecorderView } from './recorders.dto';
import type { RecordersReadModel, StoredRecorder } from './recorders-read-model';

export type RecordersServiceOptions = Readonly<{ defaultRecorderId: string }>;

const iso = (epochMs: number | undefined): string | null =>
  epochMs === undefined ? null : new Date(epochMs).toISOString();

/** The recorders' status: registered settings (read model), heartbeat (Redis), cameras (registry), queue (BullMQ). */
export class RecordersService {
  constructor(
    private readonly options: RecordersServiceOptions,
    private readonly recorders: RecordersReadModel,
    private readonly cameras: CamerasReadModel,
    private readonly heartbeats: RecorderHeartbeats,
    private readonly queues: QueueRegistry,
  ) {}

  async list(): Promise<RecorderView[]> {
    return this.views(await this.recorders.list());
  }

  async get(recorderId: string): Promise<RecorderView> {
    const recorder = await this.recorders.get(recorderId);
    if (recorder === undefined) {
      throw new NotFoundException({ code: 'RECORDER_NOT_FOUND', message: `recorder ${recorderId} is not registered` });
    }
    const [view] = await this.views([recorder]);
    return view as RecorderView;
  }

  private async views(recorders: readonly StoredRecorder[]): Promise<RecorderView[]> {
    const [pulses, cameras] = await Promise.all([
      this.heartbeats.read(recorders.map((recorder) => recorder.recorderId)),
      this.cameras.list(),
    ]);
    return Promise.all(
      recorders.map(async (recorder) => {
        const assigned = cameras
          .filter((camera) => (camera.recorderId ?? this.options.defaultRecorderId) === recorder.recorderId)
          .map((camera) => camera.cameraId);
        return this.view(recorder, pulses.get(recorder.recorderId) ?? {}, assigned);
      }),
    );
  }

  private async view(recorder: StoredRecorder, pulse: RecorderPulse, assigned: string[]): Promise<RecorderView> {
    const counts = await this.queues
      .queue(recorderQueueName(recorder.recorderId))
      .getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    const { heartbeat } = pulse;
    return {
      recorderId: recorder.recorderId,
      settings: recorder.settings,
      status: heartbeat === undefined ? 'offline' : 'online',
      lastSeenAt: iso(heartbeat?.at ?? pulse.lastSeenAt),
      startedAt: iso(heartbeat?.startedAt),
      responding:
        recorder.responding === undefined || recorder.respondingSince === undefined
          ? null
          : { value: recorder.responding, since: recorder.respondingSince },
      cameras: { assigned, recording: heartbeat?.cameraIds ?? [] },
      queue: {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      },
      registeredAt: recorder.registeredAt,
      updatedAt: recorder.updatedAt,
    };
  }
}
