import jwt from 'jsonwebtoken';
import { AccessTokenService } from './access-token.service';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes!';

describe('AccessTokenService', () => {
  const sut = new AccessTokenService(SECRET, 900);
  const claims = { userId: '6f1c1f5e-1111-4a4a-8a8a-000000000001', sessionId: 'b1d2-session' };

  it('round-trips the user and session of a token it signed, with its expiry', () => {
    const before = Date.now();

    const verified = sut.verify(sut.sign(claims));

    expect(verified).toMatchObject(claims);
    expect(verified?.expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 900_000);
    expect(verified?.expiresAt).toBeLessThanOrEqual(Date.now() + 900_000);
  });

  it('refuses a token whose payload was tampered with', () => {
    const [header, , signature] = sut.sign(claims).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'someone-else', sid: 'x', iss: 'vigil', aud: 'vigil-api' }),
    ).toString('base64url');

    expect(sut.verify(`${header}.${forged}.${signature}`)).toBeUndefined();
  });

  it('refuses an expired token', () => {
    const expired = new AccessTokenService(SECRET, -10).sign(claims);

    expect(sut.verify(expired)).toBeUndefined();
  });

  it('refuses a token signed with another secret, another algorithm, or none', () => {
    const otherSecret = new AccessTokenService('another-secret-also-thirty-two-bytes-long', 900).sign(claims);
    const unsigned = jwt.sign({ sid: claims.sessionId }, '', {
      algorithm: 'none',
      subject: claims.userId,
      issuer: 'vigil',
      audience: 'vigil-api',
    });
    const hs512 = jwt.sign({ sid: claims.sessionId }, SECRET, {
      algorithm: 'HS512',
      subject: claims.userId,
      issuer: 'vigil',
      audience: 'vigil-api',
    });

    expect(sut.verify(otherSecret)).toBeUndefined();
    expect(sut.verify(unsigned)).toBeUndefined();
    expect(sut.verify(hs512)).toBeUndefined();
  });

  it('refuses a token for another audience and garbage', () => {
    const foreign = jwt.sign({ sid: 's' }, SECRET, {
      algorithm: 'HS256',
      subject: 'u',
      issuer: 'vigil',
      audience: 'x',
    });

    expect(sut.verify(foreign)).toBeUndefined();
    expect(sut.verify('not.a.jwt')).toBeUndefined();
    expect(sut.verify('')).toBeUndefined();
  });
});
