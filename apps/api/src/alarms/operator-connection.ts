import {
  alarmVisibleTo,
  comparePositions,
  formatPosition,
  fullBucket,
  takeToken,
  type GlobalPosition,
  type TokenBucket,
  type TokenBucketLimits,
} from '@vigil/domain';
import type { Socket } from 'socket.io';
import type { BearerActor } from '../auth/bearer.authenticator';
import type { AlarmFeed, AlarmFeedItem } from './alarm-feed.service';

/** Why the server ends a connection; sent as `session-ended` before it disconnects. */
export type ConnectionEnd = 'TOKEN_EXPIRED' | 'SESSION_ENDED' | 'RATE_LIMITED';

export type OperatorSocketLimits = Readonly<{
  /** Messages a client may send (commands): a token bucket. */
  messages: TokenBucketLimits;
  /** Refused messages after which the client is disconnected. */
  refusedBeforeDisconnect: number;
}>;

/**
 * One operator's socket on the alarm feed. It receives, in the store's order and each once, every alarm event
 * after its starting point that the operator may see: from `since` when the client resumes (the missed events are
 * read from the store, while live ones wait), or from the feed's position at connection. Every delivered position
 * moves `after`, so an event read from the store and also received live is sent once.
 */
export class OperatorConnection {
  private after: GlobalPosition | undefined;
  /** Live events that arrive while the missed ones are read; undefined once live. */
  private waiting: AlarmFeedItem[] | undefined = [];
  private readonly stopListening: () => void;
  private readonly expiry: NodeJS.Timeout;
  private bucket: TokenBucket;
  private refused = 0;

  constructor(
    private readonly socket: Socket,
    readonly actor: BearerActor,
    private readonly feed: AlarmFeed,
    private readonly limits: OperatorSocketLimits,
  ) {
    // Registered and read in one tick: every event the listener gets is after this position.
    this.after = feed.current();
    this.stopListening = feed.listen((item) => {
      if (this.waiting) {
        this.waiting.push(item);
      } else {
        this.deliver(item);
      }
    });
    this.expiry = setTimeout(() => this.end('TOKEN_EXPIRED'), Math.max(0, actor.expiresAt - Date.now()));
    this.bucket = fullBucket(limits.messages, Date.now());
  }

  /** Sends what the client missed since `since` (when it resumes), then goes live, then says `ready`. */
  async start(since: GlobalPosition | undefined): Promise<void> {
    if (since !== undefined) {
      const until = this.feed.current();
      this.after = since;
      for await (const item of this.feed.history(since, until)) {
        if (!this.socket.connected) {
          return;
        }
        this.deliver(item);
      }
    }
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    for (const item of waiting) {
      this.deliver(item);
    }
    this.socket.emit('ready', {
      position: this.after === undefined ? null : formatPosition(this.after),
      resumed: since !== undefined,
    });
  }

  /** Whether a message from the client may be handled now (rate limit); too many refusals end the connection. */
  admit(): boolean {
    const { allowed, bucket } = takeToken(this.bucket, this.limits.messages, Date.now());
    this.bucket = bucket;
    if (!allowed) {
      this.refused += 1;
      if (this.refused >= this.limits.refusedBeforeDisconnect) {
        this.end('RATE_LIMITED');
      }
    }
    return allowed;
  }

  end(code: ConnectionEnd): void {
    if (this.socket.connected) {
      this.socket.emit('session-ended', { code });
      this.socket.disconnect(true);
    }
    this.close();
  }

  close(): void {
    clearTimeout(this.expiry);
    this.stopListening();
  }

  private deliver(item: AlarmFeedItem): void {
    if (this.after !== undefined && comparePositions(item.position, this.after) <= 0) {
      return;
    }
    this.after = item.position;
    if (alarmVisibleTo(this.actor.roles, item.source)) {
      this.socket.emit('alarm', item.message);
    }
  }
}
