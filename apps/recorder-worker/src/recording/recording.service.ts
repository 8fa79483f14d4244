import { Logger } from '@nestjs/common';
import {
  preBufferSeconds,
  recordingStream,
  type EventMetadata,
  type EventStore,
  type PreBufferLocation,
  type RecordingStarted,
  type RecordingStorageFullReason,
} from '@vigil/domain';
import { deterministicUuid } from '@vigil/infrastructure';
import { exportMp4, recordedSegmentsBetween } from '@vigil/media';
import { join, resolve } from 'node:path';
import { CameraRecorder, type RecorderEventSink } from './camera-recorder';
import {
  streamUrlOf,
  type CameraFollow,
  type RecorderCamera,
  type RecorderCameraSource,
} from './recorder-cameras.port';

export type RecordingServiceOptions = Readonly<{
  /** RECORDER_ID: reported with each recording's folder in RecordingStarted, and named in the storage events. */
  recorderId?: string;
  recordingsDirectory: string;
  preBufferDirectory?: string;
  preBufferSeconds: number;
  preBufferLocation: PreBufferLocation;
  communicationDebounceSeconds: number;
  stallSeconds: number;
}>;

type JobMetadata = Readonly<{ causationId: string; correlationId: string }>;

/**
 * The cameras this recorder records, each with its CameraRecorder (one ffmpeg, its pre-buffer, its sessions).
 * Cameras come from the RecorderCameraSource and follow its changes while the worker runs; the recording jobs
 * address them by device id.
 */
export class RecordingService {
  private readonly logger = new Logger(RecordingService.name);
  private readonly recorders = new Map<string, CameraRecorder>();
  /** The camera each recorder was started with. */
  private readonly cameras = new Map<string, RecorderCamera>();
  private follow: CameraFollow | undefined;
  /** Appends with ids derived from the fact, so a retried job or a replay stores an event once. */
  private readonly sink: RecorderEventSink = async (stream, event, key, metadata) => {
    await this.store.append(
      stream,
      [{ id: deterministicUuid(key), type: event.type, data: event.data, metadata }],
      'any',
    );
  };

  constructor(
    private readonly options: RecordingServiceOptions,
    private readonly store: EventStore,
    private readonly source: RecorderCameraSource,
  ) {}

  async open(): Promise<void> {
    this.follow = await this.source.follow((cameras) => this.apply(cameras));
    this.logger.log(`recording ${this.recorders.size} cameras`);
  }

  /**
   * Brings the recorders to the cameras of the moment: a camera no longer there (disabled, moved to another
   * recorder, recording off, removed) is released; a changed one (stream, credentials, pre-buffer) is released and
   * started again; a new one is started, resuming the recording it left unfinished. The source calls this one set
   * after the other.
   */
  private async apply(cameras: readonly RecorderCamera[]): Promise<void> {
    const wanted = new Map(cameras.map((camera) => [camera.cameraId, camera]));
    const leaving = [...this.cameras.values()].filter((camera) => !sameCamera(wanted.get(camera.cameraId), camera));
    await Promise.all(
      leaving.map(async ({ cameraId }) => {
        const recorder = this.recorders.get(cameraId);
        this.recorders.delete(cameraId);
        this.cameras.delete(cameraId);
        await recorder?.close();
        this.logger.log(`${cameraId}: released`);
      }),
    );
    for (const camera of cameras) {
      if (this.cameras.has(camera.cameraId)) {
        continue;
      }
      try {
        await this.startCamera(camera);
        this.logger.log(`${camera.cameraId}: recording`);
      } catch (error) {
        // the others still start; this one is tried again with the registry's next change
        this.logger.error(`${camera.cameraId}: not started: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async startCamera(camera: RecorderCamera): Promise<void> {
    const recordings = resolve(this.options.recordingsDirectory);
    const preBuffers = resolve(this.options.preBufferDirectory ?? join(recordings, '.prebuffer'));
    const resume = await this.unfinishedRecording(camera.cameraId);
    const seconds = preBufferSeconds(
      camera.preBufferLocation ?? this.options.preBufferLocation,
      camera.preBufferSeconds ?? this.options.preBufferSeconds,
    );
    const recorder = new CameraRecorder({
      cameraId: camera.cameraId,
      ...(this.options.recorderId === undefined ? {} : { recorderId: this.options.recorderId }),
      onStorageFull: (reason) =>
        void this.storageFull(reason).catch((error: unknown) =>
          this.logger.error(`stopping the recordings for a full storage failed: ${(error as Error).message}`),
        ),
      streamUrl: streamUrlOf(camera),
      preBufferDirectory: join(preBuffers, camera.cameraId),
      preBufferSeconds: seconds,
      recordingsDirectory: join(recordings, camera.cameraId),
      communicationDebounceMs: this.options.communicationDebounceSeconds * 1000,
      stallMs: this.options.stallSeconds * 1000,
      ...(resume === undefined ? {} : { resume }),
      sink: this.sink,
    });
    this.recorders.set(camera.cameraId, recorder);
    this.cameras.set(camera.cameraId, camera);
  }

  /**
   * The recording the camera had when this worker last stopped: a RecordingStarted in `recording-<cameraId>` with
   * no RecordingStopped. It is resumed (same id and folder) and ends with its sessions' stops.
   */
  private async unfinishedRecording(
    cameraId: string,
  ): Promise<{ recordingId: string; from: number; sessionIds: readonly string[] } | undefined> {
    const open = new Map<string, { recordingId: string; from: number; sessionIds: readonly string[] }>();
    for await (const event of this.store.readStream(recordingStream(cameraId))) {
      const data = event.data as Partial<RecordingStarted['data']>;
      if (typeof data.recordingId !== 'string') {
        continue;
      }
      if (event.type === 'RecordingStarted' && typeof data.from === 'number' && Array.isArray(data.sessionIds)) {
        open.set(data.recordingId, { recordingId: data.recordingId, from: data.from, sessionIds: data.sessionIds });
      } else if (event.type === 'RecordingStopped') {
        open.delete(data.recordingId);
      }
    }
    const unfinished = [...open.values()];
    if (unfinished.length > 1) {
      this.logger.warn(`${cameraId}: ${unfinished.length} unfinished recordings, resuming the last one only`);
    }
    return unfinished.at(-1);
  }

  /** The cameras recorded now. */
  cameraIds(): string[] {
    return [...this.recorders.keys()];
  }

  recorderOf(cameraId: string): CameraRecorder | undefined {
    return this.recorders.get(cameraId);
  }

  /** The recording storage's path: `<RECORDINGS_DIR>`. */
  get storageDirectory(): string {
    return resolve(this.options.recordingsDirectory);
  }

  /** `<cameraId>/<recordingId>` of every recording still written to: the storage never deletes from them. */
  liveRecordings(): ReadonlySet<string> {
    return new Set(
      [...this.recorders.values()].flatMap((recorder) =>
        recorder.liveRecordingIds.map((recordingId) => `${recorder.cameraId}/${recordingId}`),
      ),
    );
  }

  /** The cameras that do not record now for lack of storage. */
  storageFullCameras(): readonly string[] {
    return [...this.recorders.values()]
      .filter((recorder) => recorder.storageFullSince !== undefined)
      .map((recorder) => recorder.cameraId);
  }

  /** The storage is full: every camera's recording stops (FEATURES 6.4.5); live video and the pre-buffer go on. */
  async storageFull(reason: RecordingStorageFullReason): Promise<void> {
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.storageFull(reason)));
  }

  /**
   * Room again: the cameras stopped for lack of storage record again for the sessions still holding them, each as
   * a new recording whose id derives from the camera and when its storage became full (a retry starts the same one).
   */
  async storageAvailable(): Promise<void> {
    await Promise.all(
      [...this.recorders.values()].map(async (recorder) => {
        const since = recorder.storageFullSince;
        if (since !== undefined) {
          await recorder.storageAvailable(deterministicUuid(`recording|${recorder.cameraId}|storage-full|${since}`));
        }
      }),
    );
  }

  /** The folder of a recording: `<RECORDINGS_DIR>/<cameraId>/<recordingId>`. */
  recordingDirectory(cameraId: string, recordingId: string): string {
    return join(resolve(this.options.recordingsDirectory), cameraId, recordingId);
  }

  /**
   * Plays back [from, to) of a camera as one MP4 at `output`: the recorded segments overlapping the range (whole
   * segments, so up to one GOP more at each end), concatenated without re-encoding. Returns the span written, or
   * undefined when nothing was recorded in the range.
   */
  async exportRange(
    cameraId: string,
    from: number,
    to: number,
    output: string,
  ): Promise<{ from: number; to: number; segments: number } | undefined> {
    const segments = recordedSegmentsBetween(join(resolve(this.options.recordingsDirectory), cameraId), from, to);
    const first = segments[0];
    const last = segments.at(-1);
    if (first === undefined || last === undefined) {
      return undefined;
    }
    await exportMp4(
      segments.map((segment) => segment.file),
      output,
    );
    return { from: first.start, to: last.end, segments: segments.length };
  }

  /** The recording id a session starts: derived, so a retried job starts the same recording. */
  static recordingIdOf(cameraId: string, sessionId: string): string {
    return deterministicUuid(`recording|${cameraId}|${sessionId}`);
  }

  async startRecording(
    input: Readonly<{ deviceId: string; sessionId: string; triggeredAt: number; preBufferSeconds: number }>,
    metadata: JobMetadata,
  ): Promise<boolean> {
    const recorder = this.recorders.get(input.deviceId);
    if (recorder === undefined) {
      return false;
    }
    await recorder.start(
      {
        sessionId: input.sessionId,
        triggeredAt: input.triggeredAt,
        preBufferSeconds: input.preBufferSeconds,
        recordingId: RecordingService.recordingIdOf(input.deviceId, input.sessionId),
      },
      metadata,
    );
    return true;
  }

  async stopRecording(input: Readonly<{ deviceId: string; sessionId: string; stopAt: number }>): Promise<boolean> {
    const recorder = this.recorders.get(input.deviceId);
    if (recorder === undefined) {
      return false;
    }
    await recorder.stop({ sessionId: input.sessionId, stopAt: input.stopAt });
    return true;
  }

  /** A manual session (FEATURES 6.1.3) holds the camera's recording like a rule's, with its own events. */
  async startManualRecording(
    input: Readonly<{ deviceId: string; sessionId: string; userId: string; autoStopAt?: number }>,
    metadata: EventMetadata,
  ): Promise<boolean> {
    const recorder = this.recorders.get(input.deviceId);
    if (recorder === undefined) {
      return false;
    }
    await recorder.startManual(
      {
        sessionId: input.sessionId,
        userId: input.userId,
        ...(input.autoStopAt === undefined ? {} : { autoStopAt: input.autoStopAt }),
        recordingId: RecordingService.recordingIdOf(input.deviceId, input.sessionId),
      },
      metadata,
    );
    return true;
  }

  async stopManualRecording(
    input: Readonly<{ deviceId: string; sessionId: string; reason: 'user' | 'auto-stop'; stopAt: number }>,
  ): Promise<boolean> {
    const recorder = this.recorders.get(input.deviceId);
    if (recorder === undefined) {
      return false;
    }
    await recorder.stopManual({ sessionId: input.sessionId, reason: input.reason, stopAt: input.stopAt });
    return true;
  }

  async close(): Promise<void> {
    await this.follow?.close();
    this.follow = undefined;
    this.cameras.clear();
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.close()));
    this.recorders.clear();
  }
}

const sameCamera = (a: RecorderCamera | undefined, b: RecorderCamera): boolean =>
  a !== undefined && JSON.stringify(a) === JSON.stringify(b);
