import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  BUILT_IN_DATA_SOURCES,
  comparePositions,
  GENERIC_EVENT_DATA_SOURCE_STREAM_PREFIX,
  compileGenericEventDefinitions,
  evolveGenericEventDefinition,
  GENERIC_EVENT_STREAM_PREFIX,
  isGenericEventDefinitionType,
  matchGenericEvents,
  type CompiledGenericEvents,
  type EventStore,
  type EventSubscription,
  type GenericEventDataSource,
  type GenericEventDataSourceConfigured,
  type GenericEventDefinition,
  type GenericEventDefinitionEvent,
  type GenericEventDefinitionState,
  type GlobalPosition,
} from '@vigil/domain';
import { EVENT_STORE } from '@vigil/infrastructure';

const READ_YOUR_WRITES_MS = 5_000;

/**
 * The generic event definitions (compiled) and data sources, in this process's memory: folded straight from the
 * genericevent-* and genericdatasource-* streams (so every API process has them, with no table to poll), recompiled
 * on each change. Matching a packet never touches the database.
 */
@Injectable()
export class GenericEventsCatalog implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('GenericEventsCatalog');
  private readonly states = new Map<string, GenericEventDefinitionState>();
  private compiled: CompiledGenericEvents = compileGenericEventDefinitions([]).compiled;
  private position: GlobalPosition | undefined;
  private subscription: EventSubscription | undefined;
  private readonly waiters = new Set<{ position: GlobalPosition; resolve: () => void }>();
  private readonly configuredSources = new Map<string, GenericEventDataSource>();
  private readonly changeListeners = new Set<() => void>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onModuleInit(): void {
    this.subscription = this.store.subscribeToAll({
      from: 'start',
      filter: { streamPrefixes: [GENERIC_EVENT_STREAM_PREFIX, GENERIC_EVENT_DATA_SOURCE_STREAM_PREFIX] },
    });
    void this.follow(this.subscription);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  definitions(): GenericEventDefinition[] {
    return [...this.states.values()]
      .flatMap((state) => (state.status === 'Active' ? [state.definition] : []))
      .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  }

  /** The built-in data sources as configured (or their factory defaults), then the custom ones. */
  dataSources(): GenericEventDataSource[] {
    const builtIn = BUILT_IN_DATA_SOURCES.map((source) => this.configuredSources.get(source.id) ?? source);
    const custom = [...this.configuredSources.values()].filter(
      (source) => !BUILT_IN_DATA_SOURCES.some((builtInSource) => builtInSource.id === source.id),
    );
    return [...builtIn, ...custom];
  }

  /** Calls `listener` after each change of definitions or data sources; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  match(packet: string, dataSourceId: string): readonly GenericEventDefinition[] {
    return matchGenericEvents(this.compiled, packet, dataSourceId);
  }

  /** Resolves once the catalog includes `position` (or after 5 s: the change is stored either way). */
  async caughtUp(position: GlobalPosition | undefined): Promise<void> {
    if (!position || (this.position && comparePositions(this.position, position) >= 0)) {
      return;
    }
    await new Promise<void>((resolve) => {
      const waiter = { position, resolve };
      this.waiters.add(waiter);
      setTimeout(() => {
        this.waiters.delete(waiter);
        resolve();
      }, READ_YOUR_WRITES_MS).unref();
    });
  }

  private async follow(subscription: EventSubscription): Promise<void> {
    try {
      for await (const batch of subscription) {
        for (const stored of batch) {
          if (stored.type === 'GenericEventDataSourceConfigured') {
            const { dataSource } = stored.data as GenericEventDataSourceConfigured['data'];
            this.configuredSources.set(dataSource.id, dataSource);
            continue;
          }
          if (!isGenericEventDefinitionType(stored.type)) {
            continue;
          }
          const event = { type: stored.type, data: stored.data } as GenericEventDefinitionEvent;
          const id = event.type === 'GenericEventRemoved' ? event.data.genericEventId : event.data.definition.id;
          this.states.set(id, evolveGenericEventDefinition(this.states.get(id) ?? { status: 'None' }, event));
        }
        const { compiled, rejected } = compileGenericEventDefinitions(this.definitions());
        this.compiled = compiled;
        for (const { definition, problems } of rejected) {
          this.logger.warn(`generic event ${definition.name} is not used: ${problems.join('; ')}`);
        }
        this.position = batch.at(-1)?.position ?? this.position;
        for (const listener of this.changeListeners) {
          listener();
        }
        for (const waiter of this.waiters) {
          if (this.position && comparePositions(this.position, waiter.position) >= 0) {
            this.waiters.delete(waiter);
            waiter.resolve();
          }
        }
      }
    } catch (error) {
      this.logger.error(`the generic event catalog stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
