import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import { recorderProblems, sameRecorderSettings, type RecorderSettings } from './recorder';
import { RecorderError } from './recorder.errors';
import type { RecorderEvent } from './recorder.events';

/**
 * A recorder worker, stream `recorder-<recorderId>`: registered by the worker itself at each start (appending only
 * what changed), and marked responding / not responding by whoever watches the heartbeats. Each transition is
 * decided from the stream, so two watchers that see the same missing heartbeat append it once (the second one's
 * append at the revision it read fails, and deciding again finds the transition done).
 */
export type RegisterRecorder = AccessCommand<
  'RegisterRecorder',
  { recorderId: string; settings: RecorderSettings; now: EpochMs }
>;
/** The heartbeat is there now. */
export type MarkRecorderResponding = AccessCommand<'MarkRecorderResponding', { recorderId: string; now: EpochMs }>;
/** No heartbeat now; `lastSeenAt` when the watcher knows it. */
export type MarkRecorderNotResponding = AccessCommand<
  'MarkRecorderNotResponding',
  { recorderId: string; lastSeenAt?: EpochMs; now: EpochMs }
>;

export type RecorderCommand = RegisterRecorder | MarkRecorderResponding | MarkRecorderNotResponding;

export type RecorderState =
  | Readonly<{ status: 'None' }>
  | Readonly<{
      status: 'Registered';
      recorderId: string;
      settings: RecorderSettings;
      /** undefined until the first heartbeat was seen. */
      responding?: boolean;
    }>;

export const initialRecorderState = (): RecorderState => ({ status: 'None' });

const trimmed = (settings: RecorderSettings): RecorderSettings => ({
  ...settings,
  name: settings.name.trim(),
  version: settings.version.trim(),
  storagePath: settings.storagePath.trim(),
});

export const decideRecorder = (command: RecorderCommand, state: RecorderState): RecorderEvent[] => {
  switch (command.type) {
    case 'RegisterRecorder': {
      const { recorderId, now } = command.data;
      const problems = recorderProblems(recorderId, command.data.settings);
      if (problems.length > 0) {
        throw new RecorderError('RECORDER_INVALID', problems.join('; '), { problems });
      }
      const settings = trimmed(command.data.settings);
      if (state.status === 'None') {
        return [{ type: 'RecorderRegistered', data: { recorderId, settings, at: now } }];
      }
      return sameRecorderSettings(state.settings, settings)
        ? []
        : [{ type: 'RecorderSettingsChanged', data: { recorderId, settings, at: now } }];
    }
    case 'MarkRecorderResponding': {
      const { recorderId, now } = command.data;
      if (state.status === 'None') {
        throw new RecorderError('RECORDER_NOT_FOUND', `recorder ${recorderId} is not registered`);
      }
      return state.responding === true ? [] : [{ type: 'RecordingServerResponding', data: { recorderId, at: now } }];
    }
    case 'MarkRecorderNotResponding': {
      const { recorderId, lastSeenAt, now } = command.data;
      if (state.status === 'None') {
        throw new RecorderError('RECORDER_NOT_FOUND', `recorder ${recorderId} is not registered`);
      }
      // Only a recorder that was responding stops responding: one registered that never beat has nothing to lose.
      return state.responding === true
        ? [
            {
              type: 'RecordingServerNotResponding',
              data: { recorderId, ...(lastSeenAt === undefined ? {} : { lastSeenAt }), at: now },
            },
          ]
        : [];
    }
    default:
      return assertNever(command);
  }
};

export const evolveRecorder = (state: RecorderState, event: RecorderEvent): RecorderState => {
  switch (event.type) {
    case 'RecorderRegistered':
      return { status: 'Registered', recorderId: event.data.recorderId, settings: event.data.settings };
    case 'RecorderSettingsChanged':
      return state.status === 'Registered' ? { ...state, settings: event.data.settings } : state;
    case 'RecordingServerResponding':
      return state.status === 'Registered' ? { ...state, responding: true } : state;
    case 'RecordingServerNotResponding':
      return state.status === 'Registered' ? { ...state, responding: false } : state;
    default:
      return assertNever(event);
  }
};

export const recorderDecider: AccessDecider<RecorderState, RecorderCommand, RecorderEvent> = {
  decide: decideRecorder,
  evolve: evolveRecorder,
  initialState: initialRecorderState,
};
