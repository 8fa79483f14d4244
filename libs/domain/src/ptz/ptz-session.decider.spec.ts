import { deciderSpec } from '../access/testing/decider-spec';
import { activePtzSession, foldPtz, ptzDecider, type PtzCommand } from './ptz-session.decider';
import type { PTZManualSessionStarted, PtzEvent } from './ptz.events';

const given = deciderSpec(ptzDecider);
const cameraId = 'cam-1';
const OPERATOR = 3_000;

const started = (userId: string, priority: number, at: number, sessionId = `s-${userId}`): PTZManualSessionStarted => ({
  type: 'PTZManualSessionStarted',
  data: { cameraId, sessionId, userId, priority, timeoutSeconds: 15, expiresAt: at + 15_000, at },
});
const operate = (userId: string, priority: number, now: number, sessionId = `s-${userId}`): PtzCommand => ({
  type: 'OperatePtz',
  cameraId,
  sessionId,
  userId,
  priority,
  timeoutSeconds: 15,
  now,
});

describe('PTZ arbitration (FEATURES 8.6-8.8)', () => {
  describe('a manual session', () => {
    it('given a free camera, when an operator moves it, then their session starts with the 15 s timeout', () =>
      given([])
        .when(operate('ann', OPERATOR, 1_000))
        .then([started('ann', OPERATOR, 1_000)]));

    it('given their own session, when the operator moves again, then the session is extended from now', () =>
      given([started('ann', OPERATOR, 1_000)])
        .when(operate('ann', OPERATOR, 9_000, 'ignored'))
        .then([
          {
            type: 'PTZManualSessionExtended',
            data: { cameraId, sessionId: 's-ann', userId: 'ann', expiresAt: 24_000, at: 9_000 },
          },
        ]));

    it('given a session, when the user releases it, then it stops as released', () =>
      given([started('ann', OPERATOR, 1_000)])
        .when({ type: 'ReleasePtz', cameraId, userId: 'ann', now: 2_000 })
        .then([
          {
            type: 'PTZManualSessionStopped',
            data: { cameraId, sessionId: 's-ann', userId: 'ann', priority: OPERATOR, reason: 'released', at: 2_000 },
          },
        ]));

    it("given another user's session, when someone else releases, then nothing happens", () =>
      given([started('ann', OPERATOR, 1_000)])
        .when({ type: 'ReleasePtz', cameraId, userId: 'bob', now: 2_000 })
        .then([]));
  });

  describe('priorities', () => {
    it("given an operator's session, when a lower priority user operates, then it is refused with PTZ_SESSION_HELD", () =>
      given([started('ann', OPERATOR, 1_000)])
        .when(operate('bob', 2_000, 2_000))
        .thenThrows('PTZ_SESSION_HELD'));

    it("given an operator's session, when a user of the same priority operates, then it is refused (only a higher priority takes over, S2:11881)", () =>
      given([started('ann', OPERATOR, 1_000)])
        .when(operate('bob', OPERATOR, 2_000))
        .thenThrows('PTZ_SESSION_HELD'));

    it("given an operator's session, when a higher priority user operates, then they take the camera over", () =>
      given([started('ann', OPERATOR, 1_000)])
        .when(operate('boss', 4_000, 2_000))
        .then([
          {
            type: 'PTZManualSessionStopped',
            data: {
              cameraId,
              sessionId: 's-ann',
              userId: 'ann',
              priority: OPERATOR,
              reason: 'takenOver',
              byPriority: 4_000,
              at: 2_000,
            },
          },
          started('boss', 4_000, 2_000),
        ]));

    it('the refusal names the holder and their priority', () => {
      let thrown: unknown;
      try {
        ptzDecider.decide(operate('bob', 2_000, 2_000), foldPtz([started('ann', OPERATOR, 1_000)]));
      } catch (error: unknown) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        code: 'PTZ_SESSION_HELD',
        details: { holderUserId: 'ann', holderPriority: OPERATOR, priority: 2_000, expiresAt: 16_000 },
      });
    });
  });

  describe("a rule's move", () => {
    it('given a free camera, when a rule moves it, then it may and nothing is appended', () =>
      given([]).when({ type: 'MovePtzByRule', cameraId, priority: 1, now: 1_000 }).then([]));

    it("given an operator's session, when a lower priority rule moves the camera, then it is refused", () =>
      given([started('ann', OPERATOR, 1_000)])
        .when({ type: 'MovePtzByRule', cameraId, priority: 2_000, now: 2_000 })
        .thenThrows('PTZ_SESSION_HELD'));

    it("given an operator's session, when a higher priority rule moves the camera, then the session stops as preempted", () =>
      given([started('ann', OPERATOR, 1_000)])
        .when({ type: 'MovePtzByRule', cameraId, priority: 5_000, now: 2_000 })
        .then([
          {
            type: 'PTZManualSessionStopped',
            data: {
              cameraId,
              sessionId: 's-ann',
              userId: 'ann',
              priority: OPERATOR,
              reason: 'preempted',
              byPriority: 5_000,
              at: 2_000,
            },
          },
        ]));
  });

  describe('the timeout', () => {
    const timedOut: PtzEvent = {
      type: 'PTZManualSessionStopped',
      data: { cameraId, sessionId: 's-ann', userId: 'ann', priority: OPERATOR, reason: 'timeout', at: 16_000 },
    };

    it('given a session without commands for 15 s, when its timeout job is due, then it stops as timed out at its expiry', () =>
      given([started('ann', OPERATOR, 1_000)])
        .when({ type: 'ExpirePtzSession', cameraId, sessionId: 's-ann', now: 16_500 })
        .then([timedOut]));

    it('given a session extended since, when its first timeout job is due, then nothing happens', () =>
      given([
        started('ann', OPERATOR, 1_000),
        {
          type: 'PTZManualSessionExtended',
          data: { cameraId, sessionId: 's-ann', userId: 'ann', expiresAt: 25_000, at: 10_000 },
        },
      ])
        .when({ type: 'ExpirePtzSession', cameraId, sessionId: 's-ann', now: 16_000 })
        .then([]));

    it('given a session that ended, when a timeout job of it is due again (replay), then nothing happens', () =>
      given([started('ann', OPERATOR, 1_000), timedOut])
        .when({ type: 'ExpirePtzSession', cameraId, sessionId: 's-ann', now: 17_000 })
        .then([]));

    it('given a session whose time is over, when a lower priority user operates, then the old one is reported stopped and theirs starts', () =>
      given([started('ann', OPERATOR, 1_000)])
        .when(operate('bob', 1_000, 20_000))
        .then([timedOut, started('bob', 1_000, 20_000)]));

    it('given a session whose time is over, a rule of any priority moves the camera', () =>
      given([started('ann', OPERATOR, 1_000)])
        .when({ type: 'MovePtzByRule', cameraId, priority: 1, now: 16_000 })
        .then([timedOut]));

    it('the session holds the camera until its expiry, not at it', () => {
      const state = foldPtz([started('ann', OPERATOR, 1_000)]);
      expect(activePtzSession(state, 15_999)?.userId).toBe('ann');
      expect(activePtzSession(state, 16_000)).toBeUndefined();
    });
  });
});
