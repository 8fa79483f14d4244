import type { AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared/assert-never';
import { PtzError } from './ptz.errors';
import type { PtzEvent, PTZManualSessionStopped } from './ptz.events';

/**
 * Who controls a PTZ camera (FEATURES 8.6-8.8): at most one manual session, of one user, with the PTZ priority of
 * their roles (1-32000, the highest number controls). A command of a lower or equal priority never interrupts
 * another user's session ("You can only take over PTZ sessions from users with a lower priority than you",
 * S2:11881); a higher one ends it. A rule's move ("always according to priority", S2:12651) is a one-off command:
 * it ends a lower-priority session and starts none. A session ends after `timeoutSeconds` without a command (15 s
 * by default, S2:7206): the clock is `expiresAt`, checked when the session's timeout job is due and whenever a
 * command arrives, so a missed timeout job never keeps a camera held.
 */

/** FEATURES 8.8: "Timeout for manual PTZ sessions (default is 15 seconds)". */
export const DEFAULT_PTZ_MANUAL_SESSION_TIMEOUT_SECONDS = 15;

export type PtzManualSession = Readonly<{
  sessionId: string;
  userId: string;
  priority: number;
  timeoutSeconds: number;
  expiresAt: EpochMs;
}>;

export type PtzCameraState = Readonly<{ session?: PtzManualSession }>;

export type PtzCommand =
  /**
   * A user's manual command (move, go to preset, stop, home) or an explicit start: starts their session (taking the
   * camera over from a lower priority) or extends it. `sessionId` is the id a new session gets.
   */
  | Readonly<{
      type: 'OperatePtz';
      cameraId: string;
      sessionId: string;
      userId: string;
      priority: number;
      timeoutSeconds: number;
      now: EpochMs;
    }>
  /** The user ends their own session; anything else is a no-op (a second release, a session already over). */
  | Readonly<{ type: 'ReleasePtz'; cameraId: string; userId: string; now: EpochMs }>
  /** A rule's move with its PTZ priority: refused while a session of at least that priority holds the camera. */
  | Readonly<{ type: 'MovePtzByRule'; cameraId: string; priority: number; now: EpochMs }>
  /** The session's timeout job is due: ends the session when its time has come (a later command moved it on). */
  | Readonly<{ type: 'ExpirePtzSession'; cameraId: string; sessionId: string; now: EpochMs }>;

export const initialPtzCameraState = (): PtzCameraState => ({});

/** The session that holds the camera at `now` (none once its time is over). */
export const activePtzSession = (state: PtzCameraState, now: EpochMs): PtzManualSession | undefined =>
  state.session !== undefined && now < state.session.expiresAt ? state.session : undefined;

const stopped = (
  cameraId: string,
  session: PtzManualSession,
  reason: PTZManualSessionStopped['data']['reason'],
  at: EpochMs,
  byPriority?: number,
): PTZManualSessionStopped => ({
  type: 'PTZManualSessionStopped',
  data: {
    cameraId,
    sessionId: session.sessionId,
    userId: session.userId,
    priority: session.priority,
    reason,
    ...(byPriority === undefined ? {} : { byPriority }),
    // a session that ran out is stopped when its time came, whenever that is noticed
    at: reason === 'timeout' ? session.expiresAt : at,
  },
});

const held = (session: PtzManualSession, priority: number): PtzError =>
  new PtzError(
    'PTZ_SESSION_HELD',
    `user ${session.userId} controls the camera with PTZ priority ${session.priority} (yours: ${priority}); ` +
      'only a higher priority takes it over',
    {
      holderUserId: session.userId,
      holderPriority: session.priority,
      priority,
      expiresAt: session.expiresAt,
    },
  );

/**
 * The events a command appends to `ptz-<cameraId>`; throws PtzError PTZ_SESSION_HELD when another user's session
 * of at least the command's priority holds the camera.
 */
export const decidePtz = (command: PtzCommand, state: PtzCameraState): PtzEvent[] => {
  const { cameraId } = command;
  const current = state.session;
  const active = activePtzSession(state, command.now);
  // A session whose time is over is reported stopped before anything else happens to the camera.
  const expired: PtzEvent[] =
    current !== undefined && active === undefined ? [stopped(cameraId, current, 'timeout', command.now)] : [];
  switch (command.type) {
    case 'OperatePtz': {
      const expiresAt = command.now + command.timeoutSeconds * 1_000;
      if (active?.userId === command.userId) {
        return [
          {
            type: 'PTZManualSessionExtended',
            data: { cameraId, sessionId: active.sessionId, userId: active.userId, expiresAt, at: command.now },
          },
        ];
      }
      if (active !== undefined && active.priority >= command.priority) {
        throw held(active, command.priority);
      }
      return [
        ...expired,
        ...(active === undefined ? [] : [stopped(cameraId, active, 'takenOver', command.now, command.priority)]),
        {
          type: 'PTZManualSessionStarted',
          data: {
            cameraId,
            sessionId: command.sessionId,
            userId: command.userId,
            priority: command.priority,
            timeoutSeconds: command.timeoutSeconds,
            expiresAt,
            at: command.now,
          },
        },
      ];
    }
    case 'ReleasePtz':
      return active?.userId === command.userId ? [stopped(cameraId, active, 'released', command.now)] : expired;
    case 'MovePtzByRule':
      if (active !== undefined && active.priority >= command.priority) {
        throw held(active, command.priority);
      }
      return [
        ...expired,
        ...(active === undefined ? [] : [stopped(cameraId, active, 'preempted', command.now, command.priority)]),
      ];
    case 'ExpirePtzSession':
      return current?.sessionId === command.sessionId ? expired : [];
    default:
      return assertNever(command);
  }
};

export const evolvePtz = (state: PtzCameraState, event: PtzEvent): PtzCameraState => {
  switch (event.type) {
    case 'PTZManualSessionStarted': {
      const { sessionId, userId, priority, timeoutSeconds, expiresAt } = event.data;
      return { session: { sessionId, userId, priority, timeoutSeconds, expiresAt } };
    }
    case 'PTZManualSessionExtended':
      return state.session?.sessionId === event.data.sessionId
        ? { session: { ...state.session, expiresAt: event.data.expiresAt } }
        : state;
    case 'PTZManualSessionStopped':
      return state.session?.sessionId === event.data.sessionId ? {} : state;
    default:
      return assertNever(event);
  }
};

export const foldPtz = (events: readonly PtzEvent[]): PtzCameraState =>
  events.reduce(evolvePtz, initialPtzCameraState());

export const ptzDecider = {
  decide: decidePtz,
  evolve: evolvePtz,
  initialState: initialPtzCameraState,
} satisfies AccessDecider<PtzCameraState, PtzCommand, PtzEvent>;
