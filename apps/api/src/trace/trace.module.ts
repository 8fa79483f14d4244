import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { QueueRegistry, type CommonEnv } from '@vigil/infrastructure';
import { EventIndexReadModel } from './event-index-read-model';
import { TraceController } from './trace.controller';
import { TraceService } from './trace.service';

/** Closes the API's BullMQ connection (job states for traces, manual recording jobs) at shutdown. */
@Injectable()
class QueueRegistryCloser implements OnApplicationShutdown {
  constructor(private readonly queues: QueueRegistry) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }
}

/** GET /api/events/:eventId/trace, and the event index it reads (also used by rule simulation). */
@Module({})
export class TraceModule {
  static forRoot(env: CommonEnv): DynamicModule {
    return {
      module: TraceModule,
      global: true,
      controllers: [TraceController],
      providers: [
        { provide: QueueRegistry, useFactory: () => new QueueRegistry(env.REDIS_URL, env.QUEUE_PREFIX) },
        QueueRegistryCloser,
        EventIndexReadModel,
        TraceService,
      ],
      // the queue registry: the API's one producer connection, also for the recorders status and what the API sends
      // recorders (manual recording, PTZ commands)
      exports: [EventIndexReadModel, QueueRegistry],
    };
  }
}
