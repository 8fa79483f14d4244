import { Logger } from '@nestjs/common';
import {
  preBufferSeconds,
  recordingStream,
  type EventMetadata,
  type EventStore,
  type PreBufferLocation,
  type RecordingStarted,
} from '@vigil/domain';
import { deterministicUuid } from '@vigil/infrastructure';
import { exportMp4, recordedSegmentsBetween } from '@vigil/media';
import { join, resolve } from 'node:path';
import { CameraRecorder, type RecorderEventSink } from './camera-recorder';
import { streamUrlOf, type RecorderCameraSource } from './recorder-cameras.port';

export type RecordingServiceOptions = Readonly<{
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
 * Cameras come from the RecorderCameraSource at start; the recording jobs address them by device id.
 */
export class RecordingService {
  private readonly logger = new Logger(RecordingService.name);
  private readonly recorders = new Map<string, CameraRecorder>();

  constructor(
    private readonly options: RecordingServiceOptions,
    private readonly store: EventStore,
    private readonly source: RecorderCameraSource,
  ) {}

  async open(): Promise<void> {
    const recordings = resolve(this.options.recordingsDirectory);
    const preBuffers = resolve(this.options.preBufferDirectory ?? join(recordings, '.prebuffer'));
    const sink: RecorderEventSink = async (stream, event, key, metadata) => {
      await this.store.append(
        stream,
        [{ id: deterministicUuid(key), type: event.type, data: event.data, metadata }],
        'any',
      );
    };
    for (const camera of await this.source.cameras()) {
      const resume = await this.unfinishedRecording(camera.cameraId);
      const seconds = preBufferSeconds(
        camera.preBufferLocation ?? this.options.preBufferLocation,
        camera.preBufferSeconds ?? this.options.preBufferSeconds,
      );
      this.recorders.set(
        camera.cameraId,
        new CameraRecorder({
          cameraId: camera.cameraId,
          streamUrl: streamUrlOf(camera),
          preBufferDirectory: join(preBuffers, camera.cameraId),
          preBufferSeconds: seconds,
          recordingsDirectory: join(recordings, camera.cameraId),
          communicationDebounceMs: this.options.communicationDebounceSeconds * 1000,
          stallMs: this.options.stallSeconds * 1000,
          ...(resume === undefined ? {} : { resume }),
          sink,
        }),
      );
    }
    this.logger.log(`recording ${this.recorders.size} cameras`);
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

  recorderOf(cameraId: string): CameraRecorder | undefined {
    return this.recorders.get(cameraId);
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
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.close()));
    this.recorders.clear();
  }
}
