import {
  alarmVisibleIn,
  comparePositions,
  formatPosition,
  fullBucket,
  type AlarmFeedMessage,
  type AlarmVisibility,
  takeToken,
  type GlobalPosition,
  type TokenBucket,
  type TokenBucketLimits,
} from '@vigil/domain';
import type { Socket } from 'socket.io';
import type { BearerActor } from '../auth/bearer.authenticator';
import type { AlarmFanOut } from './alarm-fan-out';
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
 * One operator's socket on the alarm feed. It receives, in `alarms` frames, in the store's order and each once, every
 * alarm event after its starting point that the operator may see: from `since` when the client resumes (the missed
 * events are read from the store, while live ones wait), or from the feed's position at connection. Every delivered
 * position moves `after`, so an event read from the store and also received live is sent once. Once caught up, the
 * socket joins its audience in the fan-out, which sends it the live batches from then on.
 */
export class OperatorConnection {
  private after: GlobalPosition | undefined;
  /** Live events that arrive while the missed ones are read; undefined once live. */
  private waiting: AlarmFeedItem[] | undefined = [];
  /** Missed events read from the store, sent this many to a frame. */
  private static readonly HISTORY_FRAME = 100;
  private readonly stopListening: () => void;
  private readonly expiry: NodeJS.Timeout;
  private bucket: TokenBucket;
  private refused = 0;

  constructor(
    private readonly socket: Socket,
    readonly actor: BearerActor,
    /** What the operator may see, decided once at connection (like the roles the token carries). */
    private readonly visibility: AlarmVisibility,
    private readonly feed: AlarmFeed,
    private readonly fanOut: AlarmFanOut,
    private readonly limits: OperatorSocketLimits,
  ) {
    // Registered and read in one tick: every event the listener gets is after this position.
    this.after = feed.current();
    this.stopListening = feed.listen((items) => this.waiting?.push(...items));
    this.expiry = setTimeout(() => this.end('TOKEN_EXPIRED'), Math.max(0, actor.expiresAt - Date.now()));
    this.bucket = fullBucket(limits.messages, Date.now());
  }

  /**
   * Sends what the client missed since `since` (when it resumes), then what arrived meanwhile, then hands the socket
   * to the fan-out in the same tick (no live batch missed or sent twice), then says `ready`.
   */
  async start(since: GlobalPosition | undefined): Promise<void> {
    if (since !== undefined) {
      const until = this.feed.current();
      this.after = since;
      let frame: AlarmFeedItem[] = [];
      for await (const item of this.feed.history(since, until)) {
        if (!this.socket.connected) {
          return;
        }
        frame.push(item);
        if (frame.length === OperatorConnection.HISTORY_FRAME) {
          this.deliver(frame);
          frame = [];
        }
      }
      this.deliver(frame);
    }
    if (!this.socket.connected) {
      return;
    }
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    this.deliver(waiting);
    this.stopListening();
    this.fanOut.join(this.socket, this.visibility);
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

  /** Sends the events after `after` that the operator may see, in one `alarms` frame (before going live). */
  private deliver(items: readonly AlarmFeedItem[]): void {
    const messages: AlarmFeedMessage[] = [];
    for (const item of items) {
      if (this.after !== undefined && comparePositions(item.position, this.after) <= 0) {
        continue;
      }
      this.after = item.position;
      if (alarmVisibleIn(this.visibility, item.source)) {
        messages.push(item.message);
      }
    }
    if (messages.length > 0) {
      this.socket.emit('alarms', messages);
    }
  }
}
