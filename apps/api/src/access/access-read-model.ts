import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EventStore, GlobalPosition } from '@vigil/domain';
import { EVENT_STORE, PG_POOL, ProjectionRunner } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { AccessProjection } from './access.projection';

/** How long a command waits for its own change to reach the read model before answering anyway. */
const READ_YOUR_WRITES_MS = 5_000;

/**
 * Keeps access.users and access.roles up to date in this process. Commands wait until their own events are
 * projected, so a client that creates a user can log in as that user with its very next request.
 */
@Injectable()
export class AccessReadModel implements OnModuleInit, OnApplicationShutdown {
  private readonly runner: ProjectionRunner;

  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(PG_POOL) pool: Pool) {
    this.runner = new ProjectionRunner({ projection: new AccessProjection(), eventStore, pool });
  }

  onModuleInit(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async caughtUp(position: GlobalPosition | undefined): Promise<void> {
    if (position) {
      await this.runner.waitForPosition(position, READ_YOUR_WRITES_MS);
    }
  }
}
