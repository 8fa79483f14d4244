import { Module, type DynamicModule } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import { EVENT_STORE, QueueRegistry, RecorderHeartbeats, REDIS } from '@vigil/infrastructure';
import type { Redis } from 'ioredis';
import { CamerasReadModel } from '../cameras/cameras-read-model';
import type { ApiEnv } from '../config/api.env';
import { RecorderMonitor } from './recorder-monitor';
import { RecorderMonitorWorker } from './recorder-monitor.worker';
import { RecordersController } from './recorders.controller';
import { RecordersReadModel } from './recorders-read-model';
import { RecordersService } from './recorders.service';

/**
 * Recorder workers (issue 6): their registrations (recorder-* streams → config.recorders), their heartbeats (Redis)
 * watched by a repeatable job that appends RecordingServerResponding / NotResponding, and GET /api/recorders.
 * The QueueRegistry is the TraceModule's (global).
 */
@Module({})
export class RecordersModule {
  static forRoot(env: ApiEnv): DynamicModule {
    return {
      module: RecordersModule,
      controllers: [RecordersController],
      providers: [
        RecordersReadModel,
        {
          provide: RecorderHeartbeats,
          inject: [REDIS],
          useFactory: (redis: Redis) => new RecorderHeartbeats(redis, env.QUEUE_PREFIX),
        },
        {
          provide: RecorderMonitor,
          inject: [EVENT_STORE, RecordersReadModel, RecorderHeartbeats],
          useFactory: (store: EventStore, recorders: RecordersReadModel, heartbeats: RecorderHeartbeats) =>
            new RecorderMonitor(store, recorders, heartbeats),
        },
        {
          provide: RecorderMonitorWorker,
          inject: [REDIS, QueueRegistry, RecorderMonitor],
          useFactory: (redis: Redis, queues: QueueRegistry, monitor: RecorderMonitor) =>
            new RecorderMonitorWorker(
              { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, everySeconds: env.RECORDER_CHECK_SECONDS },
              redis,
              queues,
              monitor,
            ),
        },
        {
          provide: RecordersService,
          inject: [RecordersReadModel, CamerasReadModel, RecorderHeartbeats, QueueRegistry],
          useFactory: (
            recorders: RecordersReadModel,
            cameras: CamerasReadModel,
            heartbeats: RecorderHeartbeats,
            queues: QueueRegistry,
          ) =>
            new RecordersService(
              { defaultRecorderId: env.DEFAULT_RECORDER_ID },
              recorders,
              cameras,
              heartbeats,
              queues,
            ),
        },
      ],
    };
  }
}
