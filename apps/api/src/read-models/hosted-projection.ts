import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EventStore, GlobalPosition } from '@vigil/domain';
import { ProjectionRunner, type Projection } from '@vigil/infrastructure';
import type { Pool } from 'pg';

/** How long a command waits for its own change to reach a read model before answering anyway. */
const READ_YOUR_WRITES_MS = 5_000;

/**
 * A projection kept running in this process for as long as the app runs. Commands can wait until their own events
 * are projected, so a client's next request sees its change.
 */
export abstract class HostedProjection implements OnModuleInit, OnApplicationShutdown {
  private readonly runner: ProjectionRunner;
  private readonly logger: Logger;

  protected constructor(projection: Projection, eventStore: EventStore, pool: Pool) {
    this.logger = new Logger(`ReadModel ${projection.name}`);
    this.runner = new ProjectionRunner({ projection, eventStore, pool });
  }

  onModuleInit(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  /**
   * Waits until the read model includes `position`. The command has succeeded either way: a read model that lags
   * (or is failing, which the runner logs and retries) is reported here, never turned into an error for the client.
   */
  async caughtUp(position: GlobalPosition | undefined): Promise<void> {
    if (!position) {
      return;
    }
    try {
      await this.runner.waitForPosition(position, READ_YOUR_WRITES_MS);
    } catch (error) {
      this.logger.warn(
        `not caught up with a command's events: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
