import jwt from 'jsonwebtoken';

export type AccessTokenClaims = Readonly<{ userId: string; sessionId: string }>;

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
  verify(token: string): AccessTokenClaims | undefined {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload['sid'] !== 'string') {
        return undefined;
      }
      return { userId: payload.sub, sessionId: payload['sid'] };
    } catch {
      return undefined;
    }
  }
}
