import { Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, type Pool } from 'pg';
import { NOTIFY_CHANNEL } from './postgres-event-store.sql';

/**
 * Cross-process wake-ups for subscriptions, over LISTEN/NOTIFY.
 *
 * NOTIFY is sent after the append has committed, on its own, and coalesced (one in flight, at most one queued, and
 * at most one per NOTIFY_COALESCE_MS): a NOTIFY inside the append's transaction would take PostgreSQL's global
 * notify lock until that commit is flushed, and serialise every writer; one per append costs a transaction each.
 * Local subscribers are woken at once; other processes at most a few milliseconds later, and only during bursts.
 * A lost notification costs latency only; subscriptions also poll.
 *
 * Targeted: the notification names the streams appended to (or '*' when too many), and a subscription filtered by
 * stream prefix is woken only by streams it wants, so a flood in one category does not wake every other reader.
 */
/** The shortest gap between two NOTIFYs of one process while appends keep coming. */
const NOTIFY_COALESCE_MS = 5;
/** More streams than this in one NOTIFY: send '*' (wake everyone) rather than a long payload (limit 8000 bytes). */
const MAX_NAMED_STREAMS = 64;
const EVERY_STREAM = '*';

type Registration = Readonly<{ wake: () => void; streamPrefixes: readonly string[] | undefined }>;

const wants = (registration: Registration, streamIds: readonly string[] | typeof EVERY_STREAM): boolean =>
  streamIds === EVERY_STREAM ||
  registration.streamPrefixes === undefined ||
  streamIds.some((streamId) => registration.streamPrefixes?.some((prefix) => streamId.startsWith(prefix)));

export class AppendNotifier {
  private static readonly logger = new Logger('AppendNotifier');
  private readonly listeners = new Set<Registration>();
  private pendingStreams = new Set<string>();
  private sending = false;
  private queued = false;
  private listenClient: Client | undefined;
  private listenRetry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly connectionString: string,
  ) {}

  /**
   * After a local append (to one stream, or to several in one commit): wake local subscriptions that want it now, and
   * the other processes through NOTIFY - all the streams of one commit in one notification.
   */
  appended(streamIds: readonly string[]): void {
    this.fanOut(streamIds);
    for (const streamId of streamIds) {
      this.pendingStreams.add(streamId);
    }
    if (this.sending) {
      this.queued = true;
      return;
    }
    this.sending = true;
    void this.send();
  }

  private async send(): Promise<void> {
    do {
      this.queued = false;
      const streams = [...this.pendingStreams];
      this.pendingStreams = new Set();
      const payload = streams.length > MAX_NAMED_STREAMS ? EVERY_STREAM : streams.join('\n');
      try {
        await this.pool.query('SELECT pg_notify($1, $2)', [
          NOTIFY_CHANNEL,
          payload.length > 7_000 ? EVERY_STREAM : payload,
        ]);
      } catch (error) {
        AppendNotifier.logger.warn(`NOTIFY failed, subscribers will poll: ${String(error)}`);
      }
      if (this.queued && !this.closed) {
        await delay(NOTIFY_COALESCE_MS);
      }
    } while (this.queued && !this.closed);
    this.sending = false;
  }

  /**
   * Registers a local listener, woken by appends to streams starting with one of `streamPrefixes` (all streams when
   * undefined); the first registration opens the LISTEN connection.
   */
  onAppended(wake: () => void, streamPrefixes?: readonly string[]): () => void {
    const registration: Registration = { wake, streamPrefixes };
    this.listeners.add(registration);
    if (!this.listenClient && !this.listenRetry) {
      void this.listen(0);
    }
    return () => this.listeners.delete(registration);
  }

  private fanOut(streamIds: readonly string[] | typeof EVERY_STREAM): void {
    for (const registration of this.listeners) {
      if (wants(registration, streamIds)) {
        registration.wake();
      }
    }
  }

  private async listen(attempt: number): Promise<void> {
    this.listenRetry = undefined;
    if (this.closed) {
      return;
    }
    const client = new Client({ connectionString: this.connectionString, application_name: 'vigil-event-listener' });
    const reconnect = (error: unknown): void => {
      if (this.listenClient !== client || this.closed) {
        return;
      }
      this.listenClient = undefined;
      AppendNotifier.logger.warn(`LISTEN connection lost, reconnecting: ${String(error)}`);
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      this.listenRetry = setTimeout(() => void this.listen(attempt + 1), Math.min(5_000, 100 * 2 ** attempt));
    };
    this.listenClient = client;
    client.on('notification', (message) => {
      const payload = message.payload ?? '';
      this.fanOut(payload === '' || payload === EVERY_STREAM ? EVERY_STREAM : payload.split('\n'));
    });
    client.on('error', reconnect);
    client.on('end', () => reconnect(new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      attempt = 0;
      // Events may have been appended while we were not listening.
      this.fanOut(EVERY_STREAM);
    } catch (error) {
      reconnect(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.listenRetry);
    const client = this.listenClient;
    this.listenClient = undefined;
    this.listeners.clear();
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
