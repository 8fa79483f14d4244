import { Inject, Injectable, Logger } from '@nestjs/common';
import { externalInputStream, type EventMetadata, type EventStore, type GlobalPosition } from '@vigil/domain';
import { EVENT_STORE } from '@vigil/infrastructure';

type Pending = Readonly<{
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  at: number;
  resolve: (position: GlobalPosition) => void;
  reject: (error: unknown) => void;
}>;

/** Largest group written in one append. */
const MAX_GROUP = 500;

/**
 * Group commit for external inputs (generic events from every connection and HTTP request): while one append is
 * being written, the inputs that arrive queue up and go together in the next append, so many small inputs cost one
 * round trip and one commit. Each caller's promise resolves only once its own event is stored (durable before
 * acknowledged); a failed group is retried event by event, so one bad input never fails the others.
 */
@Injectable()
export class ExternalInputAppender {
  private readonly logger = new Logger('ExternalInputAppender');
  private queue: Pending[] = [];
  private writing = false;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  append(event: Omit<Pending, 'resolve' | 'reject'>): Promise<GlobalPosition> {
    return new Promise<GlobalPosition>((resolve, reject) => {
      this.queue.push({ ...event, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.slice(0, MAX_GROUP);
      this.queue = this.queue.slice(group.length);
      await this.write(group);
    }
    this.writing = false;
  }

  private async write(group: readonly Pending[]): Promise<void> {
    try {
      const { position } = await this.store.append(
        externalInputStream(group[0]?.at ?? Date.now()),
        group.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
        'any',
      );
      for (const pending of group) {
        pending.resolve(position);
      }
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      this.logger.warn(`a group of ${group.length} failed, writing one by one: ${String(error)}`);
      for (const pending of group) {
        await this.write([pending]);
      }
    }
  }
}
