import { Logger } from '@nestjs/common';
import { recorderDecider, recorderStream, type EventStore, type RecorderCommand } from '@vigil/domain';
import { handleCommand, type RecorderHeartbeats } from '@vigil/infrastructure';
import type { RecordersReadModel } from './recorders-read-model';

/**
 * Compares each registered recorder's heartbeat with what was last decided about it, and decides the transitions:
 * RecordingServerResponding when a heartbeat is there and the recorder was not known to respond,
 * RecordingServerNotResponding when it is gone from a recorder that responded. The read model only saves a stream
 * read when nothing changed; the decision itself is made on the stream at the revision read, so two API processes
 * checking at once append a transition once.
 */
export class RecorderMonitor {
  private readonly logger = new Logger(RecorderMonitor.name);

  constructor(
    private readonly store: EventStore,
    private readonly recorders: RecordersReadModel,
    private readonly heartbeats: RecorderHeartbeats,
  ) {}

  /** Returns the transitions appended by this check. */
  async check(now = Date.now()): Promise<string[]> {
    const recorders = await this.recorders.list();
    const pulses = await this.heartbeats.read(recorders.map((recorder) => recorder.recorderId));
    const appended: string[] = [];
    for (const { recorderId, responding } of recorders) {
      const pulse = pulses.get(recorderId);
      const beating = pulse?.heartbeat !== undefined;
      if (beating ? responding === true : responding !== true) {
        continue;
      }
      const command: RecorderCommand = beating
        ? { type: 'MarkRecorderResponding', data: { recorderId, now } }
        : {
            type: 'MarkRecorderNotResponding',
            data: { recorderId, now, ...(pulse?.lastSeenAt === undefined ? {} : { lastSeenAt: pulse.lastSeenAt }) },
          };
      try {
        const { events } = await handleCommand(this.store, recorderStream(recorderId), recorderDecider, command);
        events.forEach((event) => {
          appended.push(`${recorderId} ${event.type}`);
          this.logger.log(`${recorderId}: ${event.type}`);
        });
      } catch (error) {
        // one recorder's failure (PostgreSQL away, a third concurrent writer) must not stop the others' checks
        this.logger.warn(`${recorderId}: not checked: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return appended;
  }
}
