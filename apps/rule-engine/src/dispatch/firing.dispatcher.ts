import { Logger } from '@nestjs/common';
import {
  EventIdConflictError,
  firingKeyOf,
  groupBy,
  planFiringJobs,
  ruleFiredData,
  ruleFiringStream,
  type DecidedFiring,
  deviceRoutingOf,
  type HardwareCatalog,
  type EventStore,
  type NewEvent,
  type PlannedJob,
} from '@vigil/domain';
import { deterministicUuid, type QueueRegistry } from '@vigil/infrastructure';
import type { FiringRow } from '../engine/engine-state.store';
import { KEEP_FOR_DEDUPLICATION, retryOptionsFor } from './job-options';

/**
 * Turns decided firings into effects: the RuleFired facts (appended first, ids derived from the firing) and the
 * BullMQ jobs (ids derived from rule, version, triggering event and action). Both are idempotent, so dispatching the
 * same decision twice - after a crash before the checkpoint - changes nothing the first dispatch did.
 */
export class FiringDispatcher {
  private readonly logger = new Logger(FiringDispatcher.name);

  constructor(
    private readonly store: EventStore,
    private readonly queues: QueueRegistry,
    /** Receives the jobs of devices assigned to no recorder. */
    private readonly defaultRecorderId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The batch's firings, with the hardware as of the end of the batch (recorders, "All Cameras"). */
  async dispatch(firings: readonly DecidedFiring[], hardware: HardwareCatalog): Promise<FiringRow[]> {
    if (firings.length === 0) {
      return [];
    }
    const routing = deviceRoutingOf(hardware, this.defaultRecorderId);
    const rows: FiringRow[] = [];
    const jobs: PlannedJob[] = [];
    const events = new Map<string, NewEvent[]>();
    for (const decided of firings) {
      const firingEventId = deterministicUuid(firingKeyOf(decided));
      const plan = planFiringJobs(decided, firingEventId, routing);
      const data = ruleFiredData(decided, plan);
      rows.push({ firingEventId, data });
      jobs.push(...plan.jobs);
      const stream = ruleFiringStream(decided.trigger.at);
      const list = events.get(stream) ?? [];
      list.push({
        id: firingEventId,
        type: 'RuleFired',
        data,
        metadata: { causationId: decided.trigger.eventId, correlationId: decided.trigger.correlationId },
      });
      events.set(stream, list);
    }
    for (const [stream, list] of events) {
      await this.appendOnce(stream, list);
    }
    await this.addJobs(jobs);
    this.logger.debug(`issued ${jobs.length} jobs for ${firings.length} firings`);
    return rows;
  }

  /** One append per stream; when part of it was stored by an earlier attempt, event by event (each idempotent). */
  private async appendOnce(stream: string, events: readonly NewEvent[]): Promise<void> {
    try {
      await this.store.append(stream, events, 'any');
    } catch (error) {
      if (!(error instanceof EventIdConflictError)) {
        throw error;
      }
      for (const event of events) {
        await this.store.append(stream, [event], 'any');
      }
    }
  }

  private async addJobs(jobs: readonly PlannedJob[]): Promise<void> {
    const byQueue = groupBy(jobs, (job) => job.queue);
    const now = this.now();
    for (const [queue, list] of byQueue) {
      await this.queues.queue(queue).addBulk(
        list.map((planned) => ({
          name: planned.job.name,
          data: planned.job.data,
          opts: {
            jobId: planned.jobId,
            delay: planned.delayMs > 0 ? Math.max(0, planned.dueAt - now) : 0,
            ...retryOptionsFor(planned.job.name),
            ...KEEP_FOR_DEDUPLICATION,
          },
        })),
      );
    }
  }
}
