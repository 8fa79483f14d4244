import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  ALARM_STREAM_PREFIX,
  alarmFeedMessageOf,
  alarmSourceOf,
  alarmStream,
  comparePositions,
  type AlarmFeedMessage,
  type AlarmRaised,
  type AlarmSource,
  type EventStore,
  type EventSubscription,
  type GlobalPosition,
  type StoredEvent,
} from '@vigil/domain';
import { EVENT_STORE } from '@vigil/infrastructure';
import { setTimeout as rest } from 'node:timers/promises';

/** An alarm event as the gateway hands it on: the message, the alarm's source (who may see it) and its position. */
export type AlarmFeedItem = Readonly<{ message: AlarmFeedMessage; source: AlarmSource; position: GlobalPosition }>;

const ALARM_EVENTS = { streamPrefixes: [ALARM_STREAM_PREFIX] } as const;
/** Sources of this many alarms are kept; an older alarm's source is read again from its stream when needed. */
const MAX_CACHED_SOURCES = 100_000;
/**
 * After handing a batch to the sockets, the feed rests this many times as long as the hand-off took before it reads
 * again: the fan-out takes at most a quarter of the process, whatever the number of sockets. With a hundred sockets
 * a hand-off takes well under a millisecond and the rest is as short; with a thousand, the batches that arrive
 * meanwhile go out as one frame instead of one each, so the frames per second stay what the process and the
 * operators' clients can take (the alarms benchmark's 1,000 operators fell seconds behind on frames of a few alarms).
 */
const REST_PER_HAND_OFF = 3;

/**
 * The alarm events of the event store as this API process follows them: one subscription per process, from the
 * head at start-up, handed to every operator socket of the process. Each process follows the store itself, so
 * several API processes need no leader and lose nothing when one of them stops; the store is the bus. A socket
 * that reconnects reads what it missed from the store (`history`) and then joins the live feed.
 */
@Injectable()
export class AlarmFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlarmFeed');
  private readonly sources = new Map<string, AlarmSource>();
  private readonly listeners = new Set<(items: readonly AlarmFeedItem[]) => void>();
  private subscription: EventSubscription | undefined;
  /** Every alarm event up to here has been handed to the listeners (the head at start-up before any). */
  private position: GlobalPosition | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationBootstrap(): Promise<void> {
    this.position = await this.store.headPosition();
    // From the head read just now, not from 'end': nothing appended in between is missed by both history and live.
    this.subscription = this.store.subscribeToAll({
      from: this.position ? { after: this.position } : 'start',
      filter: ALARM_EVENTS,
    });
    await this.subscription.started();
    void this.follow(this.subscription);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  /** The position up to which every alarm event has been handed to the listeners. */
  current(): GlobalPosition | undefined {
    return this.position;
  }

  /**
   * Calls `listener` with every alarm event from now on, in order, a batch at a time (what the store had at once):
   * a socket then sends one frame per batch, not one per event. Returns the function that stops it.
   */
  listen(listener: (items: readonly AlarmFeedItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The alarm events after `after` up to and including `until`, in order, read from the store. */
  async *history(after: GlobalPosition, until: GlobalPosition | undefined): AsyncIterable<AlarmFeedItem> {
    if (until === undefined || comparePositions(after, until) >= 0) {
      return;
    }
    for await (const event of this.store.readAll({ after, filter: ALARM_EVENTS })) {
      if (comparePositions(event.position, until) > 0) {
        return;
      }
      const item = await this.itemOf(event);
      if (item) {
        yield item;
      }
    }
  }

  private async follow(subscription: EventSubscription): Promise<void> {
    try {
      for await (const batch of subscription) {
        const items: AlarmFeedItem[] = [];
        for (const event of batch) {
          const item = await this.itemOf(event);
          if (item) {
            items.push(item);
          }
        }
        const last = batch.at(-1);
        const handingOff = performance.now();
        this.position = last?.position ?? this.position;
        if (items.length > 0) {
          for (const listener of this.listeners) {
            listener(items);
          }
        }
        const resting = (performance.now() - handingOff) * REST_PER_HAND_OFF;
        if (resting >= 1) {
          await rest(resting); // a timer waits at least 1 ms: a cheaper hand-off reads on at once
        }
      }
    } catch (error) {
      this.logger.error(`the alarm feed stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async itemOf(event: StoredEvent): Promise<AlarmFeedItem | undefined> {
    const message = alarmFeedMessageOf(event);
    if (!message) {
      return undefined;
    }
    const source =
      message.type === 'AlarmRaised'
        ? this.remember(message.alarmId, alarmSourceOf(message.data as AlarmRaised['data']))
        : await this.sourceOf(message.alarmId);
    return { message, source, position: event.position };
  }

  /** The alarm's source, from its AlarmRaised (the first event of its stream). */
  private async sourceOf(alarmId: string): Promise<AlarmSource> {
    const known = this.sources.get(alarmId);
    if (known) {
      return known;
    }
    for await (const first of this.store.readStream(alarmStream(alarmId), { maxCount: 1 })) {
      if (first.type === 'AlarmRaised') {
        return this.remember(alarmId, alarmSourceOf(first.data as AlarmRaised['data']));
      }
    }
    return {}; // an alarm stream that does not start with AlarmRaised: nothing to restrict it by
  }

  private remember(alarmId: string, source: AlarmSource): AlarmSource {
    if (this.sources.size >= MAX_CACHED_SOURCES) {
      const oldest = this.sources.keys().next();
      if (!oldest.done) {
        this.sources.delete(oldest.value);
      }
    }
    this.sources.set(alarmId, source);
    return source;
  }
}
