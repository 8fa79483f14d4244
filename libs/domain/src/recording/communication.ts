import type { EpochMs } from '../access/access.types';
import { assertNever } from '../shared/assert-never';
import type { CommunicationEvent, RecordingGapReason } from './recording.events';

/**
 * Communication with one camera, debounced (FEATURES 2.2.5 "Ignore device communication errors if communication
 * reestablished before <duration>"; the seed gives no default, Vigil uses COMMUNICATION_ERROR_DEBOUNCE_SECONDS):
 * - the stream is received: CommunicationStarted, unless it was already reported up (a short loss is invisible);
 * - the stream is lost: nothing yet; once it has been lost for `debounceMs`, CommunicationError (with `since`);
 * - the worker releases the camera (shutdown, unassigned): CommunicationStopped, when it was reported up.
 * A camera never reached counts as lost since the worker took it, so it raises CommunicationError too.
 */
export type CommunicationState = Readonly<{
  cameraId: string;
  debounceMs: number;
  link: Readonly<{ up: true }> | Readonly<{ up: false; since: EpochMs; reason: RecordingGapReason }>;
  reported: 'none' | 'started' | 'error' | 'stopped';
}>;

export type CommunicationCommand =
  | Readonly<{ type: 'StreamReceived'; now: EpochMs }>
  | Readonly<{ type: 'StreamLost'; reason: RecordingGapReason; now: EpochMs }>
  | Readonly<{ type: 'ReleaseCamera'; now: EpochMs }>
  | Readonly<{ type: 'Tick'; now: EpochMs }>;

export type CommunicationDecision = Readonly<{ state: CommunicationState; events: readonly CommunicationEvent[] }>;

export const initialCommunicationState = (cameraId: string, debounceMs: number, now: EpochMs): CommunicationState => ({
  cameraId,
  debounceMs: Math.max(0, debounceMs),
  link: { up: false, since: now, reason: 'connect-failed' },
  reported: 'none',
});

const tick = (state: CommunicationState, now: EpochMs): CommunicationDecision => {
  if (state.link.up || state.reported === 'error' || state.reported === 'stopped') {
    return { state, events: [] };
  }
  if (now - state.link.since < state.debounceMs) {
    return { state, events: [] };
  }
  return {
    state: { ...state, reported: 'error' },
    events: [
      {
        type: 'CommunicationError',
        data: { cameraId: state.cameraId, since: state.link.since, reason: state.link.reason, at: now },
      },
    ],
  };
};

const apply = (state: CommunicationState, command: CommunicationCommand): CommunicationDecision => {
  switch (command.type) {
    case 'StreamReceived':
      if (state.reported === 'started') {
        return { state: { ...state, link: { up: true } }, events: [] };
      }
      return {
        state: { ...state, link: { up: true }, reported: 'started' },
        events: [{ type: 'CommunicationStarted', data: { cameraId: state.cameraId, at: command.now } }],
      };
    case 'StreamLost':
      if (!state.link.up) {
        return { state, events: [] }; // still lost: the loss keeps its first instant
      }
      return { state: { ...state, link: { up: false, since: command.now, reason: command.reason } }, events: [] };
    case 'ReleaseCamera': {
      const link = { up: false, since: command.now, reason: 'stream-ended' } as const;
      if (state.reported !== 'started') {
        return { state: { ...state, link, reported: 'stopped' }, events: [] };
      }
      return {
        state: { ...state, link, reported: 'stopped' },
        events: [{ type: 'CommunicationStopped', data: { cameraId: state.cameraId, at: command.now } }],
      };
    }
    case 'Tick':
      return { state, events: [] };
    default:
      return assertNever(command);
  }
};

export const decideCommunication = (
  state: CommunicationState,
  command: CommunicationCommand,
): CommunicationDecision => {
  const before = tick(state, command.now);
  const applied = apply(before.state, command);
  const after =
    command.type === 'ReleaseCamera' ? { state: applied.state, events: [] } : tick(applied.state, command.now);
  return { state: after.state, events: [...before.events, ...applied.events, ...after.events] };
};

/** When a Tick would report the loss, if the link is down and not reported yet. */
export const nextCommunicationDueAt = (state: CommunicationState): EpochMs | undefined =>
  state.link.up || state.reported === 'error' || state.reported === 'stopped'
    ? undefined
    : state.link.since + state.debounceMs;
