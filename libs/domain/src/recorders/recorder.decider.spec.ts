import { deciderSpec } from '../access/testing/decider-spec';
import type { RecorderSettings } from './recorder';
import { recorderDecider, type RegisterRecorder } from './recorder.decider';
import type {
  RecorderRegistered,
  RecorderSettingsChanged,
  RecordingServerNotResponding,
  RecordingServerResponding,
} from './recorder.events';

const given = deciderSpec(recorderDecider);
const recorderId = 'recorder-2';
const settings: RecorderSettings = {
  name: 'Loading dock',
  timeZone: 'Europe/Copenhagen',
  maxCameras: 16,
  version: '0.1.0',
  storagePath: '/var/lib/vigil/recordings',
};
const register = (changes: Partial<RecorderSettings> = {}, now = 1): RegisterRecorder => ({
  type: 'RegisterRecorder',
  data: { recorderId, settings: { ...settings, ...changes }, now },
});
const registered: RecorderRegistered = { type: 'RecorderRegistered', data: { recorderId, settings, at: 1 } };
const responding: RecordingServerResponding = { type: 'RecordingServerResponding', data: { recorderId, at: 2 } };
const notResponding: RecordingServerNotResponding = {
  type: 'RecordingServerNotResponding',
  data: { recorderId, lastSeenAt: 2, at: 3 },
};

describe('recorder decider', () => {
  describe('registration', () => {
    it('given nothing, when a worker registers, then it is registered with its settings', () =>
      given([]).when(register()).then([registered]));

    it('given a registered recorder, when it restarts with the same settings, then nothing is appended', () =>
      given([registered]).when(register({}, 5)).then([]));

    it('given a registered recorder, when it restarts with the same settings padded with spaces, then nothing', () =>
      given([registered])
        .when(register({ name: ' Loading dock ' }, 5))
        .then([]));

    it('given a registered recorder, when it restarts with another capacity, then the whole settings change', () => {
      const changed: RecorderSettingsChanged = {
        type: 'RecorderSettingsChanged',
        data: { recorderId, settings: { ...settings, maxCameras: 32 }, at: 5 },
      };
      given([registered])
        .when(register({ maxCameras: 32 }, 5))
        .then([changed]);
    });

    it('given changed settings, when it restarts with them again, then nothing is appended', () =>
      given([
        registered,
        { type: 'RecorderSettingsChanged', data: { recorderId, settings: { ...settings, version: '0.2.0' }, at: 5 } },
      ])
        .when(register({ version: '0.2.0' }, 9))
        .then([]));

    it.each([
      ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
      ['no name', { name: '  ' }],
      ['no camera', { maxCameras: 0 }],
      ['a fractional capacity', { maxCameras: 1.5 }],
      ['no version', { version: '' }],
      ['no storage path', { storagePath: '' }],
    ])('when a worker registers with %s, then it is refused as RECORDER_INVALID', (_what, changes) =>
      given([]).when(register(changes)).thenThrows('RECORDER_INVALID'),
    );

    it('when the id is not a recorder id, then it is refused as RECORDER_INVALID', () =>
      given([])
        .when({ type: 'RegisterRecorder', data: { recorderId: 'Recorder:1', settings, now: 1 } })
        .thenThrows('RECORDER_INVALID'));
  });

  describe('responding / not responding', () => {
    const markResponding = { type: 'MarkRecorderResponding', data: { recorderId, now: 2 } } as const;
    const markNotResponding = {
      type: 'MarkRecorderNotResponding',
      data: { recorderId, lastSeenAt: 2, now: 3 },
    } as const;

    it('given a registered recorder, when its heartbeat is seen, then it is responding', () =>
      given([registered]).when(markResponding).then([responding]));

    it('given a responding recorder, when its heartbeat is seen again, then nothing is appended', () =>
      given([registered, responding]).when(markResponding).then([]));

    it('given a responding recorder, when its heartbeat is missing, then it is not responding with its last beat', () =>
      given([registered, responding]).when(markNotResponding).then([notResponding]));

    it('given a recorder already not responding, when its heartbeat is still missing, then nothing (once per transition)', () =>
      given([registered, responding, notResponding]).when(markNotResponding).then([]));

    it('given a recorder that never beat, when its heartbeat is missing, then nothing is appended', () =>
      given([registered]).when(markNotResponding).then([]));

    it('given a recorder not responding, when its heartbeat is back, then it responds again', () =>
      given([registered, responding, notResponding])
        .when({ type: 'MarkRecorderResponding', data: { recorderId, now: 9 } })
        .then([{ type: 'RecordingServerResponding', data: { recorderId, at: 9 } }]));

    it('given a responding recorder, when it re-registers with new settings, then it is still responding', () =>
      given([
        registered,
        responding,
        { type: 'RecorderSettingsChanged', data: { recorderId, settings: { ...settings, maxCameras: 4 }, at: 4 } },
      ])
        .when(markResponding)
        .then([]));

    it('given nothing, when its heartbeat is judged, then it is refused as RECORDER_NOT_FOUND', () => {
      given([]).when(markResponding).thenThrows('RECORDER_NOT_FOUND');
      given([]).when(markNotResponding).thenThrows('RECORDER_NOT_FOUND');
    });
  });
});
