import { Logger } from '@nestjs/common';
import {
  communicationStream,
  decideCommunication,
  decideRecording,
  initialCommunicationState,
  initialRecordingState,
  nextCommunicationDueAt,
  nextRecordingDueAt,
  recordingStream,
  segmentsFrom,
  type CameraRecordingEvent,
  type CameraRecordingState,
  type CommunicationCommand,
  type CommunicationEvent,
  type CommunicationState,
  type EventMetadata,
  type RecordingCommand,
  type RecordingGapDetected,
  type RecordingStarted,
  type RecordingStopped,
  type RecordingStorageEvent,
  type RecordingStorageFullReason,
} from '@vigil/domain';
import {
  readRecordingSessions,
  RecordingWriter,
  RtspSegmenter,
  SegmentRing,
  type Segment,
  type StreamGap,
} from '@vigil/media';
import { join, resolve } from 'node:path';

export type RecorderEvent = CameraRecordingEvent | CommunicationEvent | RecordingGapDetected | RecordingStorageEvent;

/** The disk refused a write for lack of room (or the user's quota): recording stops, the worker goes on. */
const isNoSpace = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
};

/** Appends events to the store: ids derived from the fact, so a retried job or a replay stores them once. */
export type RecorderEventSink = (
  stream: string,
  event: RecorderEvent,
  key: string,
  metadata: EventMetadata,
) => Promise<void>;

export type CameraRecorderOptions = Readonly<{
  cameraId: string;
  /** This worker's RECORDER_ID: reported in RecordingStarted with the recording's folder, named in storage events. */
  recorderId?: string;
  /** A write failed for lack of space: the storage is shared, so the other cameras stop too. */
  onStorageFull?: (reason: RecordingStorageFullReason) => void;
  streamUrl: string;
  /** The camera's pre-buffer ring: `<PRE_BUFFER_DIR>/<cameraId>`. */
  preBufferDirectory: string;
  preBufferSeconds: number;
  /** Recordings go to `<recordingsDirectory>/<recordingId>/`. */
  recordingsDirectory: string;
  communicationDebounceMs: number;
  stallMs?: number;
  /** A recording this camera had when the worker stopped (RecordingStarted without RecordingStopped): it goes on. */
  resume?: Readonly<{ recordingId: string; from: number; sessionIds: readonly string[] }>;
  sink: RecorderEventSink;
  now?: () => number;
}>;

type Writing = {
  writer: RecordingWriter;
  recordingId: string;
  from: number;
  stopped?: RecordingStopped;
  /** The holders noted in the folder's sessions.csv, with their stop when noted. */
  noted: Map<string, number | undefined>;
};

/**
 * Records one camera: its segmenter feeds the pre-buffer ring; the pure session model (libs/domain/recording)
 * decides when recordings start and stop; a recording links the ring's segments from trigger − pre-buffer until
 * its stop instant into its folder. A stopped recording is closed once a segment reaching its stop instant arrived
 * (or the stream is down), then RecordingStopped is appended with what was written. Every command is serialised.
 */
export class CameraRecorder {
  private readonly logger: Logger;
  private readonly ring: SegmentRing;
  private readonly segmenter: RtspSegmenter;
  private recording: CameraRecordingState;
  private communication: CommunicationState;
  private readonly writers: Writing[] = [];
  private queue: Promise<void> = Promise.resolve();
  private recordingTimer: NodeJS.Timeout | undefined;
  private communicationTimer: NodeJS.Timeout | undefined;
  private readonly closeTimers = new Set<NodeJS.Timeout>();
  private readonly metadataBySession = new Map<string, EventMetadata>();
  private readonly outbox: { stream: string; event: RecorderEvent; key: string; metadata: EventMetadata }[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** A write failed for lack of space during the current step: the step ends by stopping the recording. */
  private outOfSpace = false;

  constructor(private readonly options: CameraRecorderOptions) {
    this.logger = new Logger(`CameraRecorder(${options.cameraId})`);
    this.ring = new SegmentRing(options.preBufferSeconds);
    this.recording = initialRecordingState(options.cameraId);
    this.communication = initialCommunicationState(options.cameraId, options.communicationDebounceMs, this.now());
    this.scheduleCommunication();
    const resumed = options.resume === undefined ? undefined : this.resume(options.resume);
    this.segmenter = RtspSegmenter.start({
      url: options.streamUrl,
      ...(resumed === undefined ? {} : { resumeAfter: resumed }),
      directory: options.preBufferDirectory,
      ...(options.stallMs === undefined ? {} : { stallMs: options.stallMs }),
      onSegment: (segment) => void this.serialise(() => this.onSegment(segment)),
      onStreamReceived: (at) => void this.serialise(() => this.communicate({ type: 'StreamReceived', now: at })),
      onStreamLost: (reason, at) =>
        void this.serialise(async () => {
          await this.communicate({ type: 'StreamLost', reason, now: at });
          await this.closeStoppedWriters(true);
        }),
      onGap: (gap) => void this.serialise(() => this.onGap(gap)),
      onLog: (line) => this.logger.debug(line),
    });
  }

  /**
   * Reopens the recording's folder and holds it again with the sessions noted there (or, when none were, those of
   * its RecordingStarted): their stops are still to come. Returns the end of the media already written, from which
   * the first segment received reports a gap.
   */
  private resume(resume: NonNullable<CameraRecorderOptions['resume']>): number | undefined {
    const directory = join(this.options.recordingsDirectory, resume.recordingId);
    const writer = this.write(() => RecordingWriter.open(directory)); // a full disk stops it at once (decide)
    const noted = readRecordingSessions(directory);
    const holders: { sessionId: string; kind: 'rule' | 'manual'; stopAt?: number }[] =
      noted.length > 0 ? noted : resume.sessionIds.map((sessionId) => ({ sessionId, kind: 'rule' }));
    if (writer !== undefined) {
      this.writers.push({
        writer,
        recordingId: resume.recordingId,
        from: resume.from,
        noted: new Map(holders.map((holder) => [holder.sessionId, holder.stopAt])),
      });
    }
    void this.serialise(() =>
      this.decide({
        type: 'ResumeRecording',
        recordingId: resume.recordingId,
        from: resume.from,
        holders,
        now: this.now(),
      }),
    );
    return writer?.summary()?.to ?? resume.from;
  }

  get cameraId(): string {
    return this.options.cameraId;
  }

  /** The running ffmpeg (tests kill it). */
  get segmenterPid(): number | undefined {
    return this.segmenter.pid;
  }

  /** The recordings whose folders are still written to (in progress, or stopped and not yet closed). */
  get liveRecordingIds(): readonly string[] {
    const active = this.recording.recording?.recordingId;
    const writing = this.writers.map((each) => each.recordingId);
    return active === undefined || writing.includes(active) ? writing : [...writing, active];
  }

  /** Since when this camera cannot record for lack of storage (undefined: it can). */
  get storageFullSince(): number | undefined {
    return this.recording.storageFullSince;
  }

  /**
   * The storage is full (the disk, or the maximum size with nothing left to delete): the recording in progress
   * stops now with what it has (RecordingStopped), then RecordingStorageFull. Its sessions keep holding the camera.
   */
  storageFull(reason: RecordingStorageFullReason): Promise<void> {
    return this.serialise(() => this.stopForStorage(reason));
  }

  /** Room again: RecordingStorageAvailable, and the sessions still holding the camera record as `recordingId`. */
  storageAvailable(recordingId: string): Promise<void> {
    return this.serialise(async () => {
      const since = this.recording.storageFullSince;
      if (since === undefined) {
        return;
      }
      const at = this.now();
      await this.append(
        recordingStream(this.cameraId),
        {
          type: 'RecordingStorageAvailable',
          data: { cameraId: this.cameraId, recorderId: this.options.recorderId ?? '', since, at },
        },
        `${since}`,
        [],
      );
      await this.decide({ type: 'StorageAvailable', recordingId, now: at });
    });
  }

  /** The start of the oldest segment in the pre-buffer (undefined while it is empty). */
  get bufferedSince(): number | undefined {
    return this.ring.list()[0]?.start;
  }

  /** StartRecording: keep everything from `triggeredAt − preBufferSeconds` until the session's stop. */
  start(
    input: Readonly<{ sessionId: string; triggeredAt: number; preBufferSeconds: number; recordingId: string }>,
    metadata: EventMetadata,
  ): Promise<void> {
    return this.serialise(async () => {
      this.metadataBySession.set(input.sessionId, metadata);
      // a rule cannot keep more than the camera's pre-buffer (FEATURES 6.2: set the device's at least as long)
      const preBufferSeconds = Math.min(input.preBufferSeconds, this.ring.seconds);
      await this.decide({ type: 'StartRecording', ...input, preBufferSeconds, now: this.now() });
    });
  }

  /** StopRecording: the session releases the camera at `stopAt` (now, or its trigger + N seconds). */
  stop(input: Readonly<{ sessionId: string; stopAt: number }>): Promise<void> {
    return this.serialise(() => this.decide({ type: 'StopRecording', ...input, now: this.now() }));
  }

  /** StartManualRecording: the operator's session holds the camera's recording from now until its stop. */
  startManual(
    input: Readonly<{ sessionId: string; userId?: string; autoStopAt?: number; recordingId: string }>,
    metadata: EventMetadata,
  ): Promise<void> {
    return this.serialise(async () => {
      this.metadataBySession.set(input.sessionId, metadata);
      await this.decide({ type: 'StartManualRecording', ...input, now: this.now() });
    });
  }

  /** StopManualRecording: the operator's stop or the auto-stop, at `stopAt`; the first of them ends the session. */
  stopManual(input: Readonly<{ sessionId: string; reason: 'user' | 'auto-stop'; stopAt: number }>): Promise<void> {
    return this.serialise(() => this.decide({ type: 'StopManualRecording', ...input, now: this.now() }));
  }

  /** Stops ffmpeg, closes what is being written and reports CommunicationStopped. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recordingTimer);
    clearTimeout(this.communicationTimer);
    clearTimeout(this.flushTimer);
    this.closeTimers.forEach((timer) => clearTimeout(timer));
    await this.segmenter.stop();
    await this.serialise(async () => {
      await this.closeStoppedWriters(true);
      await this.communicate({ type: 'ReleaseCamera', now: this.now() });
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private serialise(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch((error: unknown) => this.logger.error(`step failed: ${(error as Error).message}`));
    return next;
  }

  private metadataOf(sessionIds: readonly string[]): EventMetadata {
    for (const sessionId of sessionIds) {
      const metadata = this.metadataBySession.get(sessionId);
      if (metadata !== undefined) {
        return metadata;
      }
    }
    return {};
  }

  private async decide(command: RecordingCommand): Promise<void> {
    const decision = decideRecording(this.recording, command);
    this.recording = decision.state;
    for (const event of decision.events) {
      switch (event.type) {
        case 'RecordingStarted': {
          const directory = join(this.options.recordingsDirectory, event.data.recordingId);
          const writer = this.write(() => RecordingWriter.create(directory));
          if (writer !== undefined) {
            const writing: Writing = {
              writer,
              recordingId: event.data.recordingId,
              from: event.data.from,
              noted: new Map(),
            };
            segmentsFrom(this.ring.list(), event.data.from).forEach((segment) =>
              this.write(() => writing.writer.add(segment)),
            );
            this.writers.push(writing);
          }
          // where the media is: the API plays it back from this folder (a file system the two share)
          const located: RecordingStarted = {
            type: event.type,
            data: {
              ...event.data,
              ...(this.options.recorderId === undefined ? {} : { recorderId: this.options.recorderId }),
              directory: resolve(directory),
            },
          };
          await this.append(recordingStream(this.cameraId), located, event.data.recordingId, event.data.sessionIds);
          break;
        }
        case 'RecordingStopped': {
          const writing = this.writers.find((each) => each.recordingId === event.data.recordingId);
          if (writing !== undefined) {
            this.write(() => writing.writer.dropFrom(event.data.to));
            writing.stopped = event;
            this.armCloseDeadline(writing);
          } else {
            // its folder could not even be created (no space): nothing was written, it stops without media
            await this.append(recordingStream(this.cameraId), event, event.data.recordingId, event.data.sessionIds);
          }
          break;
        }
        case 'ManualRecordingStarted':
        case 'ManualRecordingStopped':
          await this.append(recordingStream(this.cameraId), event, `${event.data.sessionId}|${event.type}`, [
            event.data.sessionId,
          ]);
          break;
        default:
          break;
      }
    }
    const active = this.recording.recording;
    const writing = active === undefined ? undefined : this.writers.find((w) => w.recordingId === active.recordingId);
    if (active !== undefined && writing !== undefined) {
      // a session that joined with an earlier `from` takes the ring's older segments too
      if (active.from < writing.from) {
        writing.from = active.from;
        segmentsFrom(this.ring.list(), active.from).forEach((segment) => this.write(() => writing.writer.add(segment)));
      }
      this.write(() => this.noteHolders(writing));
    }
    await this.closeStoppedWriters(!this.segmenter.isReceiving);
    this.scheduleRecording();
    await this.stopIfOutOfSpace();
  }

  /**
   * Runs a write to a recording folder. A failure for lack of space is not the step's failure: it is noted, and the
   * step ends by stopping the recording (stopIfOutOfSpace); any other error is thrown as before.
   */
  private write<T>(action: () => T): T | undefined {
    try {
      return action();
    } catch (error) {
      if (!isNoSpace(error)) {
        throw error;
      }
      this.outOfSpace = true;
      return undefined;
    }
  }

  private async stopIfOutOfSpace(): Promise<void> {
    if (this.outOfSpace) {
      this.outOfSpace = false;
      await this.stopForStorage('disk-full');
      this.options.onStorageFull?.('disk-full');
    }
  }

  private async stopForStorage(reason: RecordingStorageFullReason): Promise<void> {
    if (this.recording.storageFullSince !== undefined) {
      return;
    }
    const recordingIds = this.liveRecordingIds;
    const at = this.now();
    this.logger.warn(`storage full (${reason}): recording stops until there is room`);
    await this.decide({ type: 'StorageFull', now: at });
    await this.closeStoppedWriters(true); // nothing more can be written to them
    await this.append(
      recordingStream(this.cameraId),
      {
        type: 'RecordingStorageFull',
        data: { cameraId: this.cameraId, recorderId: this.options.recorderId ?? '', reason, recordingIds, at },
      },
      `${at}`,
      [],
    );
  }

  /** Notes new holders and stops in the recording's sessions.csv, for a restart. */
  private noteHolders(writing: Writing): void {
    for (const holder of this.recording.holders) {
      if (!writing.noted.has(holder.sessionId)) {
        writing.writer.noteSession({ sessionId: holder.sessionId, kind: holder.kind });
        writing.noted.set(holder.sessionId, undefined);
      }
      if (holder.stopAt !== undefined && writing.noted.get(holder.sessionId) !== holder.stopAt) {
        writing.writer.noteSession({ sessionId: holder.sessionId, stopAt: holder.stopAt });
        writing.noted.set(holder.sessionId, holder.stopAt);
      }
    }
  }

  private async onSegment(segment: Segment): Promise<void> {
    this.ring.add(segment, this.now());
    for (const writing of this.writers) {
      const to = writing.stopped?.data.to;
      if (segment.end > writing.from && (to === undefined || segment.start < to)) {
        this.write(() => writing.writer.add(segment));
      }
    }
    await this.closeStoppedWriters(false);
    await this.stopIfOutOfSpace();
  }

  /** A stopped recording is complete once a segment reaching its stop instant arrived, or no more will. */
  private async closeStoppedWriters(streamDown: boolean): Promise<void> {
    const lastEnd = this.ring.list().at(-1)?.end;
    for (const writing of [...this.writers]) {
      const stopped = writing.stopped;
      if (stopped === undefined) {
        continue;
      }
      if (!streamDown && (lastEnd === undefined || lastEnd < stopped.data.to)) {
        continue;
      }
      this.writers.splice(this.writers.indexOf(writing), 1);
      const media = writing.writer.summary();
      const event: RecordingStopped = {
        type: 'RecordingStopped',
        data: { ...stopped.data, ...(media === undefined ? {} : { media }) },
      };
      await this.append(recordingStream(this.cameraId), event, stopped.data.recordingId, stopped.data.sessionIds);
      stopped.data.sessionIds.forEach((sessionId) => this.metadataBySession.delete(sessionId));
    }
  }

  private armCloseDeadline(writing: Writing): void {
    const to = writing.stopped?.data.to ?? this.now();
    const timer = setTimeout(
      () => {
        this.closeTimers.delete(timer);
        void this.serialise(() => this.closeStoppedWriters(true));
      },
      Math.max(0, to - this.now()) + (this.options.stallMs ?? 5_000) + 2_000,
    );
    this.closeTimers.add(timer);
  }

  private async onGap(gap: StreamGap): Promise<void> {
    const recordingIds = this.writers
      .filter((each) => each.stopped === undefined || each.stopped.data.to > gap.from)
      .map((each) => each.recordingId);
    const event: RecordingGapDetected = {
      type: 'RecordingGapDetected',
      data: { cameraId: this.cameraId, recordingIds, ...gap, at: this.now() },
    };
    this.logger.warn(`no media from ${new Date(gap.from).toISOString()} to ${new Date(gap.to).toISOString()}`);
    await this.append(recordingStream(this.cameraId), event, `${gap.from}`, []);
  }

  private async communicate(command: CommunicationCommand): Promise<void> {
    const decision = decideCommunication(this.communication, command);
    this.communication = decision.state;
    for (const event of decision.events) {
      await this.append(communicationStream(this.cameraId), event, `${event.data.at}`, []);
    }
    this.scheduleCommunication();
  }

  private scheduleRecording(): void {
    clearTimeout(this.recordingTimer);
    const due = nextRecordingDueAt(this.recording);
    if (due !== undefined) {
      this.recordingTimer = setTimeout(
        () => void this.serialise(() => this.decide({ type: 'Tick', now: Math.max(due, this.now()) })),
        Math.max(0, due - this.now()),
      );
    }
  }

  private scheduleCommunication(): void {
    clearTimeout(this.communicationTimer);
    const due = nextCommunicationDueAt(this.communication);
    if (due !== undefined) {
      this.communicationTimer = setTimeout(
        () => void this.serialise(() => this.communicate({ type: 'Tick', now: Math.max(due, this.now()) })),
        Math.max(0, due - this.now()),
      );
    }
  }

  /**
   * Appends in order through an outbox: the session state has already moved on when an event is decided, so an
   * event the store refused (PostgreSQL down) is kept and appended again, in order, every second until it is
   * stored, rather than lost to a retried job that now decides nothing.
   */
  private async append(
    stream: string,
    event: RecorderEvent,
    key: string,
    sessionIds: readonly string[],
  ): Promise<void> {
    this.outbox.push({
      stream,
      event,
      key: `${event.type}|${this.cameraId}|${key}`,
      metadata: this.metadataOf(sessionIds),
    });
    await this.flush();
  }

  private async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    while (this.outbox.length > 0) {
      const next = this.outbox[0]!;
      try {
        await this.options.sink(next.stream, next.event, next.key, next.metadata);
      } catch (error) {
        this.logger.warn(`${this.outbox.length} events wait for the store: ${(error as Error).message}`);
        if (!this.closed) {
          this.flushTimer = setTimeout(() => void this.serialise(() => this.flush()), 1_000);
        }
        return;
      }
      this.outbox.shift();
    }
  }
}
