import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

export type SessionLimits = Readonly<{ idleMinutes: number; maxHours: number }>;
export type IssuedSession = Readonly<{ sessionId: string; userId: string; refreshToken: string }>;
/** Sessions that were just ended: one session, or every session of a user. */
export type EndedSessions = Readonly<{ sessionId: string } | { userId: string }>;

/** Refresh tokens are 256 random bits; only their SHA-256 is stored, so a database leak yields no usable token. */
const newRefreshToken = (): string => randomBytes(32).toString('base64url');
const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** The resolution of a session's last-used time (and so of its idle expiry). */
const TOUCH_INTERVAL_SECONDS = 30;

/**
 * Sessions of the API: one per login, carrying a rotating refresh token. Access tokens name their session, and the
 * guard checks it on every request, so logout, disabling a user or changing a password takes effect at once.
 * A refresh token used twice (the second time after rotation) means it was stolen: the session is revoked.
 */
export class SessionStore {
  private readonly endedListeners = new Set<(ended: EndedSessions) => void>();

  constructor(
    private readonly pool: Pool,
    private readonly limits: SessionLimits,
  ) {}

  async open(userId: string, address: string): Promise<IssuedSession> {
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    await this.pool.query(
      `INSERT INTO access.sessions (session_id, user_id, refresh_token_hash, expires_at, address)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5)`,
      [sessionId, userId, digest(refreshToken), this.limits.maxHours, address],
    );
    return { sessionId, userId, refreshToken };
  }

  /**
   * Is the session open: not revoked, not past its end, used within the idle limit? Its last-used time is moved at
   * most every TOUCH_INTERVAL_SECONDS, so a busy client does not write (and flush a commit) on every request.
   */
  async touch(sessionId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ open: boolean; stale: boolean }>(
      `SELECT revoked_at IS NULL AND expires_at > now() AND last_used_at > now() - make_interval(mins => $2) AS open,
              last_used_at < now() - make_interval(secs => $3) AS stale
       FROM access.sessions WHERE session_id = $1`,
      [sessionId, this.limits.idleMinutes, TOUCH_INTERVAL_SECONDS],
    );
    const row = rows[0];
    if (!row?.open) {
      return false;
    }
    if (row.stale) {
      await this.pool.query(`UPDATE access.sessions SET last_used_at = now() WHERE session_id = $1`, [sessionId]);
    }
    return true;
  }

  /**
   * Of these sessions, those still usable: not revoked, not past their end, of an enabled user. A connected socket
   * keeps its session in use, so the idle limit does not apply; the sessions are marked used (at most every
   * TOUCH_INTERVAL_SECONDS). One read for every socket of a process.
   */
  async stillOpen(sessionIds: readonly string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) {
      return new Set();
    }
    const { rows } = await this.pool.query<{ session_id: string; stale: boolean }>(
      `SELECT s.session_id, s.last_used_at < now() - make_interval(secs => $2) AS stale
       FROM access.sessions s JOIN access.users u ON u.user_id = s.user_id
       WHERE s.session_id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
      [sessionIds, TOUCH_INTERVAL_SECONDS],
    );
    const stale = rows.filter((row) => row.stale).map((row) => row.session_id);
    if (stale.length > 0) {
      await this.pool.query(`UPDATE access.sessions SET last_used_at = now() WHERE session_id = ANY($1::uuid[])`, [
        stale,
      ]);
    }
    return new Set(rows.map((row) => row.session_id));
  }

  /** Exchanges a refresh token for a new one; undefined when it is unknown, expired, idle or revoked. */
  async rotate(refreshToken: string): Promise<IssuedSession | undefined> {
    const presented = digest(refreshToken);
    const next = newRefreshToken();
    const { rows } = await this.pool.query<{ session_id: string; user_id: string }>(
      `UPDATE access.sessions
       SET previous_token_hash = refresh_token_hash, refresh_token_hash = $2, last_used_at = now()
       WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
         AND last_used_at > now() - make_interval(mins => $3)
       RETURNING session_id, user_id`,
      [presented, digest(next), this.limits.idleMinutes],
    );
    const row = rows[0];
    if (row) {
      return { sessionId: row.session_id, userId: row.user_id, refreshToken: next };
    }
    // A token that was already rotated away: someone replays it. End that session for everyone.
    const replayed = await this.pool.query<{ session_id: string }>(
      `UPDATE access.sessions SET revoked_at = now() WHERE previous_token_hash = $1 AND revoked_at IS NULL
       RETURNING session_id`,
      [presented],
    );
    for (const { session_id: sessionId } of replayed.rows) {
      this.ended({ sessionId });
    }
    return undefined;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.pool.query(
      `UPDATE access.sessions SET revoked_at = now() WHERE session_id = $1 AND revoked_at IS NULL`,
      [sessionId],
    );
    this.ended({ sessionId });
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.pool.query(`UPDATE access.sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
    this.ended({ userId });
  }

  /** Calls `listener` after sessions are revoked here (logout, password change, disabled user, replayed token). */
  onEnded(listener: (ended: EndedSessions) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private ended(ended: EndedSessions): void {
    for (const listener of this.endedListeners) {
      listener(ended);
    }
  }
}
