import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  recorderDecider,
  recorderStream,
  type EventStore,
  type RecorderHeartbeat,
  type RecorderSettings,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, RecorderHeartbeats, REDIS } from '@vigil/infrastructure';
import type { Redis } from 'ioredis';
import { resolve } from 'node:path';
import { RecorderEnv } from '../config/recorder.env';
import { RecordingService } from '../recording/recording.service';
import { recorderVersion } from './recorder-version';

/** The settings this worker registers with, from its environment. */
export const recorderSettingsOf = (env: RecorderEnv): RecorderSettings => ({
  name: env.RECORDER_NAME ?? env.RECORDER_ID,
  timeZone: env.RECORDER_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  maxCameras: env.RECORDER_MAX_CAMERAS,
  version: recorderVersion(),
  storagePath: resolve(env.RECORDINGS_DIR),
});

/**
 * At start the worker registers itself in `recorder-<RECORDER_ID>` (an event only when its settings changed; invalid
 * settings stop the start), then keeps a heartbeat in Redis: a key with a time to live of three beats, refreshed
 * every RECORDER_HEARTBEAT_SECONDS with the cameras it records. A clean stop deletes the key, so the API sees the
 * recorder stop at its next check rather than when the key expires. The beat is a liveness signal, not a durable
 * timer: a worker that is not running must not beat.
 */
@Injectable()
export class RecorderRegistrationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecorderRegistrationService.name);
  private readonly startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();
  private readonly heartbeats: RecorderHeartbeats;

  constructor(
    private readonly env: RecorderEnv,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) redis: Redis,
    private readonly recordings: RecordingService,
  ) {
    this.heartbeats = new RecorderHeartbeats(redis, env.QUEUE_PREFIX);
  }

  async onApplicationBootstrap(): Promise<void> {
    const recorderId = this.env.RECORDER_ID;
    const { events } = await handleCommand(this.store, recorderStream(recorderId), recorderDecider, {
      type: 'RegisterRecorder',
      data: { recorderId, settings: recorderSettingsOf(this.env), now: Date.now() },
    });
    this.logger.log(events.length === 0 ? `${recorderId}: registered as before` : `${recorderId}: ${events[0]?.type}`);
    await this.beat();
    this.timer = setInterval(() => {
      this.beating = this.beating.then(() => this.beat());
    }, this.env.RECORDER_HEARTBEAT_SECONDS * 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    await this.heartbeats
      .remove(this.env.RECORDER_ID)
      .catch((error: unknown) => this.logger.warn(`heartbeat not removed: ${String(error)}`));
  }

  private async beat(): Promise<void> {
    const heartbeat: RecorderHeartbeat = {
      recorderId: this.env.RECORDER_ID,
      at: Date.now(),
      startedAt: this.startedAt,
      cameraIds: this.recordings.cameraIds(),
    };
    try {
      await this.heartbeats.beat(heartbeat, this.env.RECORDER_HEARTBEAT_SECONDS * 1000);
    } catch (error) {
      // Redis away: the recorder goes on recording; the API will report it not responding until the next beat lands.
      this.logger.warn(`heartbeat not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
