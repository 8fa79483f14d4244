import {
  parseRecorderHeartbeat,
  recorderHeartbeatKey,
  recorderHeartbeatTtlMs,
  recorderLastSeenKey,
  type RecorderHeartbeat,
} from '@vigil/domain';
import type { Redis } from 'ioredis';

/** What Redis says about a recorder now: its heartbeat while it beats, and when it last beat. */
export type RecorderPulse = Readonly<{ heartbeat?: RecorderHeartbeat; lastSeenAt?: number }>;

/**
 * The recorders' heartbeats in Redis (keys under the installation's QUEUE_PREFIX): the worker beats and removes its
 * own; the API reads them all at once.
 */
export class RecorderHeartbeats {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The heartbeat lives three beats; the last-seen time stays. */
  async beat(heartbeat: RecorderHeartbeat, intervalMs: number): Promise<void> {
    await this.redis
      .multi()
      .set(
        recorderHeartbeatKey(this.prefix, heartbeat.recorderId),
        JSON.stringify(heartbeat),
        'PX',
        recorderHeartbeatTtlMs(intervalMs),
      )
      .hset(recorderLastSeenKey(this.prefix), heartbeat.recorderId, String(heartbeat.at))
      .exec();
  }

  /** A clean stop: the recorder stops responding now rather than when the key expires. */
  async remove(recorderId: string): Promise<void> {
    await this.redis.del(recorderHeartbeatKey(this.prefix, recorderId));
  }

  async read(recorderIds: readonly string[]): Promise<Map<string, RecorderPulse>> {
    const pulses = new Map<string, RecorderPulse>();
    if (recorderIds.length === 0) {
      return pulses;
    }
    const [beats, seen] = await Promise.all([
      this.redis.mget(recorderIds.map((id) => recorderHeartbeatKey(this.prefix, id))),
      this.redis.hmget(recorderLastSeenKey(this.prefix), ...recorderIds),
    ]);
    recorderIds.forEach((recorderId, index) => {
      const heartbeat = parseRecorderHeartbeat(beats[index]);
      const lastSeen = Number(seen[index] ?? Number.NaN);
      pulses.set(recorderId, {
        ...(heartbeat?.recorderId === recorderId ? { heartbeat } : {}),
        ...(Number.isFinite(lastSeen) ? { lastSeenAt: lastSeen } : {}),
      });
    });
    return pulses;
  }
}
