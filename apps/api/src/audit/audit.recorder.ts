import { Inject, Injectable, Logger } from '@nestjs/common';
import { auditStream, type AuditEvent, type EventStore } from '@vigil/domain';
import { EVENT_STORE } from '@vigil/infrastructure';
import { randomUUID } from 'node:crypto';

/**
 * Appends the audit facts that belong to no aggregate (refused logins, permission denials) to the day's audit
 * stream. Recording must never turn a refusal into a server error: a failure is logged and the refusal stands.
 */
@Injectable()
export class AuditRecorder {
  private readonly logger = new Logger('AuditRecorder');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async record(event: AuditEvent): Promise<void> {
    try {
      await this.store.append(
        auditStream(event.data.at),
        [{ id: randomUUID(), type: event.type, data: event.data }],
        'any',
      );
    } catch (error) {
      this.logger.error(`could not record ${event.type}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
