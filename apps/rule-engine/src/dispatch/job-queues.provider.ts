import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import { EVENT_STORE, QueueRegistry } from '@vigil/infrastructure';

/**
 * The rule engine's connections at start-up: the event store it will subscribe to and the BullMQ queues it
 * dispatches actions to. Both are checked before the app reports itself started, so a bad URL fails fast.
 */
@Injectable()
export class JobQueuesProvider implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueuesProvider.name);

  constructor(
    readonly queues: QueueRegistry,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.ready();
    await this.eventStore.headPosition();
    this.logger.log('connected to the event store and BullMQ');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }
}
