import jwt from 'jsonwebtoken';

export type AccessTokenClaims = Readonly<{ userId: string; sessionId: string }>;

/** A verified token's claims, with when it expires (epoch ms): a socket opened with it is closed then. */
export type VerifiedAccessToken = AccessTokenClaims & Readonly<{ expiresAt: number }>;

const ISSUER = 'vigil';
const AUDIENCE = 'vigil-api';

/**
 * Short-lived access tokens (JWT, HS256 only: the algorithm is pinned when verifying, so a token cannot choose it).
 * Revocation is checked against the session on each request, so a token dies with its session, before it expires.
 */
export class AccessTokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  sign(claims: AccessTokenClaims): string {
    return jwt.sign({ sid: claims.sessionId }, this.secret, {
      algorithm: 'HS256',
      subject: claims.userId,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.ttlSeconds,
    });
  }

  /** The claims of a valid token, or undefined for a tampered, expired, foreign or malformed one. */
  verify(token: string): VerifiedAccessToken | undefined {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (
        typeof payload !== 'object' ||
        typeof payload.sub !== 'string' ||
        typeof payload['sid'] !== 'string' ||
        typeof payload.exp !== 'number'
      ) {
        return undefined;
      }
      return { userId: payload.sub, sessionId: payload['sid'], expiresAt: payload.exp * 1000 };
    } catch {
      return undefined;
    }
  }
}
