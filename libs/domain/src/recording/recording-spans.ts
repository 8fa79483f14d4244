import type { EpochMs } from '../access/access.types';
import type { RecordingEvent } from './recording.events';

/**
 * One recording of a camera as its `recording-<cameraId>` stream tells it: the folder its worker writes (absent for
 * workers that did not report it), the earliest instant it keeps, and its end once it stopped.
 */
export type RecordingSpan = Readonly<{ recordingId: string; directory?: string; from: EpochMs; to?: EpochMs }>;

/** A recording event's type and data (each member of the union on its own, so `type` still tells `data`). */
export type RecordingEventBody = RecordingEvent extends infer E
  ? E extends RecordingEvent
    ? Pick<E, 'type' | 'data'>
    : never
  : never;

/** Only a recording's start and stop matter to its span; the stream's other events pass through. */
type SpanEvent = RecordingEventBody;

/**
 * The recordings of a camera that overlap [from, to], from its recording events in stream order. A recording still
 * running reaches into the future; its media may start up to a GOP before its `from`, so a recording that starts
 * within `leadMs` after `to` counts too.
 */
export const recordingSpansOverlapping = (
  events: readonly SpanEvent[],
  from: EpochMs,
  to: EpochMs,
  leadMs = 0,
): RecordingSpan[] => {
  const spans = new Map<string, RecordingSpan>();
  for (const event of events) {
    if (event.type === 'RecordingStarted') {
      const { recordingId, directory } = event.data;
      spans.set(recordingId, { recordingId, from: event.data.from, ...(directory === undefined ? {} : { directory }) });
    } else if (event.type === 'RecordingStopped') {
      const span = spans.get(event.data.recordingId);
      const end = Math.max(event.data.to, event.data.media?.to ?? -Infinity);
      if (span !== undefined) {
        spans.set(span.recordingId, { ...span, to: end });
      }
    }
  }
  return [...spans.values()].filter((span) => span.from <= to + leadMs && (span.to === undefined || span.to >= from));
};

/**
 * Reading a camera's recording stream newest first, the events before this one cannot overlap a range starting at
 * `from`: this recording started at or before it (a camera writes one recording at a time).
 */
export const startsAtOrBefore = (event: SpanEvent, from: EpochMs): boolean =>
  event.type === 'RecordingStarted' && event.data.from <= from;
