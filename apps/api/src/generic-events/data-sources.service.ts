import { Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  dataSourceProblems,
  dataSourceSetProblems,
  genericEventDataSourceStream,
  type EventStore,
  type GenericEventDataSource,
  type GenericEventDataSourceConfigured,
} from '@vigil/domain';
import { EVENT_STORE } from '@vigil/infrastructure';
import type { Actor } from '../auth/actor';
import type { DataSourceRequest } from './generic-events.dto';
import { GenericEventListeners, type ListenerCounters } from './generic-event.listeners';
import { GenericEventsCatalog } from './generic-events.catalog';

export type DataSourceView = GenericEventDataSource & { listening: boolean; counters?: ListenerCounters };

/** Generic-event data sources: the two built-ins (configurable) and custom ones; their listeners follow. */
@Injectable()
export class DataSourcesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: GenericEventsCatalog,
    private readonly listeners: GenericEventListeners,
  ) {}

  list(): DataSourceView[] {
    return this.catalog.dataSources().map((source) => this.view(source));
  }

  /** Creates a custom data source (built-ins exist from the start: configure them with `configure`). */
  create(actor: Actor, request: DataSourceRequest): Promise<DataSourceView> {
    return this.save(actor, { id: randomUUID(), ...request });
  }

  configure(actor: Actor, id: string, request: DataSourceRequest): Promise<DataSourceView> {
    if (!this.catalog.dataSources().some((source) => source.id === id)) {
      throw new NotFoundException({ code: 'DATA_SOURCE_NOT_FOUND', message: 'no such data source' });
    }
    return this.save(actor, { id, ...request });
  }

  /** Validated alone and with the others (no two enabled sources on one port), stored, then listened on. */
  private async save(actor: Actor, dataSource: GenericEventDataSource): Promise<DataSourceView> {
    const others = this.catalog.dataSources().filter((source) => source.id !== dataSource.id);
    const problems = [...dataSourceProblems(dataSource), ...dataSourceSetProblems([...others, dataSource])];
    if (problems.length > 0) {
      throw new UnprocessableEntityException({
        code: 'DATA_SOURCE_INVALID',
        message: 'the data source is not valid',
        details: { problems },
      });
    }
    const event: GenericEventDataSourceConfigured = {
      type: 'GenericEventDataSourceConfigured',
      data: { dataSource, byUserId: actor.userId, at: Date.now() },
    };
    const result = await this.store.append(
      genericEventDataSourceStream(dataSource.id),
      [
        {
          id: randomUUID(),
          type: event.type,
          data: event.data,
          metadata: { actorId: actor.userId, address: actor.address },
        },
      ],
      'any',
    );
    await this.catalog.caughtUp(result.position);
    await this.listeners.settled();
    return this.view(dataSource);
  }

  private view(source: GenericEventDataSource): DataSourceView {
    const counters = this.listeners.counters(source.id);
    return { ...source, listening: this.listeners.isListening(source.id), ...(counters ? { counters } : {}) };
  }
}
