// PullPoint subscriptions (ONVIF Core 9.2): each subscription queues the notifications published after it was
// created, and PullMessages waits (long poll) until one arrives or its timeout passes. Expired subscriptions are
// dropped when next touched, as a camera forgets a client that stopped renewing.
import { randomUUID } from 'node:crypto';

export type NotificationMessage = Readonly<{
  topic: string;
  utcTime: Date;
  operation: 'Initialized' | 'Changed' | 'Deleted';
  source: readonly (readonly [name: string, value: string])[];
  data: readonly (readonly [name: string, value: string])[];
}>;

type Subscription = {
  readonly id: string;
  terminationTime: Date;
  readonly accepts: (topic: string) => boolean;
  readonly queue: NotificationMessage[];
  /** The pending PullMessages, woken by publish, clear or a newer pull. */
  wake: (() => void) | undefined;
};

/** Keeps memory bounded when a client subscribes and never pulls. */
const MAX_QUEUED = 1000;

export class PullPointSubscriptions {
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  create(
    terminationTime: Date,
    accepts: (topic: string) => boolean,
    initial: readonly NotificationMessage[] = [],
  ): Readonly<{ id: string; terminationTime: Date }> {
    const id = randomUUID();
    this.subscriptions.set(id, {
      id,
      terminationTime,
      accepts,
      queue: initial.filter((message) => accepts(message.topic)),
      wake: undefined,
    });
    return { id, terminationTime };
  }

  /** The subscription's termination time, or undefined when it does not exist (or has expired). */
  terminationTime(id: string): Date | undefined {
    return this.live(id)?.terminationTime;
  }

  count(): number {
    for (const id of [...this.subscriptions.keys()]) {
      this.live(id);
    }
    return this.subscriptions.size;
  }

  publish(message: NotificationMessage): void {
    for (const id of [...this.subscriptions.keys()]) {
      const subscription = this.live(id);
      if (subscription?.accepts(message.topic)) {
        subscription.queue.push(message);
        if (subscription.queue.length > MAX_QUEUED) {
          subscription.queue.shift();
        }
        subscription.wake?.();
      }
    }
  }

  /**
   * Up to limit queued messages, waiting up to timeoutMs for the first; [] on timeout or when aborted. Undefined
   * when the subscription does not exist: the caller answers with a fault.
   */
  async pull(
    id: string,
    timeoutMs: number,
    limit: number,
    signal?: AbortSignal,
  ): Promise<readonly NotificationMessage[] | undefined> {
    const subscription = this.live(id);
    if (!subscription) {
      return undefined;
    }
    if (subscription.queue.length === 0 && timeoutMs > 0 && !signal?.aborted) {
      subscription.wake?.(); // one pull at a time: an older one returns empty
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          if (subscription.wake === done) {
            subscription.wake = undefined;
          }
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal?.addEventListener('abort', done);
        subscription.wake = done;
      });
    }
    if (!this.subscriptions.has(id)) {
      return undefined;
    }
    return subscription.queue.splice(0, Math.max(1, limit));
  }

  renew(id: string, terminationTime: Date): boolean {
    const subscription = this.live(id);
    if (subscription) {
      subscription.terminationTime = terminationTime;
    }
    return subscription !== undefined;
  }

  unsubscribe(id: string): boolean {
    const subscription = this.subscriptions.get(id);
    this.subscriptions.delete(id);
    subscription?.wake?.();
    return subscription !== undefined;
  }

  /** Forgets every subscription (a reboot), waking their pending pulls. */
  clear(): void {
    for (const id of [...this.subscriptions.keys()]) {
      this.unsubscribe(id);
    }
  }

  private live(id: string): Subscription | undefined {
    const subscription = this.subscriptions.get(id);
    if (subscription && subscription.terminationTime.getTime() <= this.now().getTime()) {
      this.unsubscribe(id);
      return undefined;
    }
    return subscription;
  }
}

/**
 * A topic filter from a TopicExpression (ConcreteSet dialect, alternatives joined by '|', a trailing '//.' for
 * a whole subtree); no expression accepts everything.
 */
export const topicFilter = (expression: string | undefined): ((topic: string) => boolean) => {
  if (!expression?.trim()) {
    return () => true;
  }
  const strip = (topic: string): string => topic.replace(/^[a-zA-Z0-9]+:/, '').replace(/\/\/\.$/, '');
  const wanted = expression
    .split('|')
    .map((part) => strip(part.trim()))
    .filter((part) => part.length > 0);
  return (topic) => wanted.some((prefix) => strip(topic) === prefix || strip(topic).startsWith(`${prefix}/`));
};
