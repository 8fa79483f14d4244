import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { IssuedJob, RuleFired } from '@vigil/domain';
import { PG_POOL, QueueRegistry } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { EventIndexReadModel, type EventHeader } from './event-index-read-model';

/** A job a firing issued, with where it is now in BullMQ (`unknown` once removed after its retention). */
export type TracedJob = IssuedJob &
  Readonly<{ state: string; attemptsMade?: number; failedReason?: string; finishedAt?: string }>;

export type TracedFiring = Readonly<{
  firingEventId: string;
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  phase: string;
  at: string;
  actions: readonly Readonly<{ type: string; deviceIds: readonly string[]; jobs: readonly TracedJob[] }>[];
  /** What the firing's actions appended (log entries, webhook deliveries, e-mails, triggered events), each traced. */
  effects: readonly EventTrace[];
}>;

export type EventTrace = EventHeader & Readonly<{ firings: readonly TracedFiring[] }>;

/** How deep a chain (event → rule → triggered event → rule …) is followed. */
const MAX_DEPTH = 4;

type FiringRow = Readonly<{
  firing_event_id: string;
  rule_id: string;
  rule_name: string;
  rule_version: number;
  phase: string;
  at: Date;
  actions: RuleFired['data']['actions'];
}>;

/**
 * What an event caused (beyond Milestone, from the event store's history): the rule firings it triggered, the jobs
 * they issued and how those went, and the events the actions appended - followed through chains of rules.
 */
@Injectable()
export class TraceService {
  constructor(
    private readonly events: EventIndexReadModel,
    private readonly queues: QueueRegistry,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async trace(eventId: string): Promise<EventTrace> {
    const header = await this.events.get(eventId);
    if (header === undefined) {
      throw new NotFoundException({ code: 'EVENT_NOT_FOUND', message: 'no such event' });
    }
    return this.traceFrom(header, 0);
  }

  private async traceFrom(header: EventHeader, depth: number): Promise<EventTrace> {
    const { rows } = await this.pool.query<FiringRow>(
      `SELECT firing_event_id, rule_id, rule_name, rule_version, phase, at, actions FROM rule_engine.firings
       WHERE triggering_event_id = $1 ORDER BY at, rule_name, phase`,
      [header.eventId],
    );
    const effects = await this.events.causedBy(rows.map((row) => row.firing_event_id));
    const firings = await Promise.all(
      rows.map(async (row) => ({
        firingEventId: row.firing_event_id,
        ruleId: row.rule_id,
        ruleName: row.rule_name,
        ruleVersion: row.rule_version,
        phase: row.phase,
        at: row.at.toISOString(),
        actions: await Promise.all(
          row.actions.map(async (action) => ({
            ...action,
            jobs: await Promise.all(action.jobs.map((job) => this.jobState(job))),
          })),
        ),
        effects: await Promise.all(
          effects
            .filter((effect) => effect.causationId === row.firing_event_id)
            .map((effect) =>
              depth + 1 < MAX_DEPTH ? this.traceFrom(effect, depth + 1) : Promise.resolve({ ...effect, firings: [] }),
            ),
        ),
      })),
    );
    return { ...header, firings };
  }

  private async jobState(job: IssuedJob): Promise<TracedJob> {
    const found = await this.queues.queue(job.queue).getJob(job.jobId);
    if (found === undefined) {
      return { ...job, state: 'unknown' };
    }
    return {
      ...job,
      state: await found.getState(),
      attemptsMade: found.attemptsMade,
      ...(found.failedReason ? { failedReason: found.failedReason } : {}),
      ...(found.finishedOn === undefined ? {} : { finishedAt: new Date(found.finishedOn).toISOString() }),
    };
  }
}
