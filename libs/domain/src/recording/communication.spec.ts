import {
  decideCommunication,
  initialCommunicationState,
  nextCommunicationDueAt,
  type CommunicationCommand,
  type CommunicationState,
} from './communication';
import type { CommunicationEvent } from './recording.events';

const CAMERA = 'cam-1';
const T = 1_800_000_000_000;
const DEBOUNCE = 5_000;

const given = (history: readonly CommunicationCommand[]) => {
  const state = history.reduce<CommunicationState>(
    (current, command) => decideCommunication(current, command).state,
    initialCommunicationState(CAMERA, DEBOUNCE, T),
  );
  return {
    state,
    when: (command: CommunicationCommand) => ({
      then: (events: readonly CommunicationEvent[]) =>
        expect(decideCommunication(state, command).events).toEqual(events),
    }),
  };
};

const received = (now: number): CommunicationCommand => ({ type: 'StreamReceived', now });
const lost = (now: number): CommunicationCommand => ({ type: 'StreamLost', reason: 'stream-ended', now });
const tick = (now: number): CommunicationCommand => ({ type: 'Tick', now });

describe('camera communication (debounced)', () => {
  it('reports the first stream received', () =>
    given([])
      .when(received(T + 100))
      .then([{ type: 'CommunicationStarted', data: { cameraId: CAMERA, at: T + 100 } }]));

  it('ignores a loss shorter than the debounce', () => {
    given([received(T), lost(T + 1_000)])
      .when(tick(T + 5_999))
      .then([]);
    given([received(T), lost(T + 1_000)])
      .when(received(T + 5_999))
      .then([]);
  });

  it('reports a loss once it lasted the debounce, then the recovery', () => {
    const down = given([received(T), lost(T + 1_000)]);
    expect(nextCommunicationDueAt(down.state)).toBe(T + 6_000);
    down.when(tick(T + 6_000)).then([
      {
        type: 'CommunicationError',
        data: { cameraId: CAMERA, since: T + 1_000, reason: 'stream-ended', at: T + 6_000 },
      },
    ]);
    given([received(T), lost(T + 1_000), tick(T + 6_000)])
      .when(received(T + 9_000))
      .then([{ type: 'CommunicationStarted', data: { cameraId: CAMERA, at: T + 9_000 } }]);
    given([received(T), lost(T + 1_000), tick(T + 6_000)])
      .when(tick(T + 60_000))
      .then([]);
  });

  it('reports a camera never reached', () =>
    given([])
      .when(tick(T + DEBOUNCE))
      .then([
        {
          type: 'CommunicationError',
          data: { cameraId: CAMERA, since: T, reason: 'connect-failed', at: T + DEBOUNCE },
        },
      ]));

  it('reports a release as CommunicationStopped, and nothing after it', () => {
    given([received(T)])
      .when({ type: 'ReleaseCamera', now: T + 1 })
      .then([{ type: 'CommunicationStopped', data: { cameraId: CAMERA, at: T + 1 } }]);
    given([received(T), { type: 'ReleaseCamera', now: T + 1 }])
      .when(tick(T + 60_000))
      .then([]);
  });
});
