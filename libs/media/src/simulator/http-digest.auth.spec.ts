import {
  checkDigestAuthorization,
  digestChallenge,
  digestResponse,
  issueNonce,
  nonceIsValid,
  parseDigestAuthorization,
} from './http-digest.auth';

const CREDENTIALS = { username: 'admin', password: 'pa55' };
const REALM = 'sim';
const SECRET = 'secret';

describe('HTTP Digest', () => {
  it('parses the Authorization header the onvif package writes (quoted and bare values)', () => {
    const header =
      'Digest username="admin",realm="sim",nonce="abc.def",uri="/onvif/device_service",algorithm=MD5,' +
      'qop=auth,nc=00000001,cnonce="1a2b3c4d",response="0123"';
    expect(parseDigestAuthorization(header)).toEqual({
      username: 'admin',
      realm: 'sim',
      nonce: 'abc.def',
      uri: '/onvif/device_service',
      algorithm: 'MD5',
      qop: 'auth',
      nc: '00000001',
      cnonce: '1a2b3c4d',
      response: '0123',
    });
    expect(parseDigestAuthorization('Basic YWRtaW46cGE1NQ==')).toBeUndefined();
  });

  it('matches RFC 2617 section 3.5 example', () => {
    expect(
      digestResponse({
        username: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('accepts a correct response to its own fresh nonce, and refuses a wrong one or a stale nonce', () => {
    // given a challenge issued now
    const now = 1_000_000;
    const nonce = issueNonce(SECRET, now);
    expect(digestChallenge(REALM, nonce)).toContain(`nonce="${nonce}"`);
    const answer = (password: string) => ({
      username: 'admin',
      realm: REALM,
      nonce,
      uri: '/onvif/media_service',
      qop: 'auth',
      nc: '00000001',
      cnonce: 'c0ffee',
      response: digestResponse({
        username: 'admin',
        password,
        realm: REALM,
        method: 'POST',
        uri: '/onvif/media_service',
        nonce,
        qop: 'auth',
        nc: '00000001',
        cnonce: 'c0ffee',
      }),
    });
    const options = (at: number) => ({
      method: 'POST',
      realm: REALM,
      nonceValid: (candidate: string) => nonceIsValid(SECRET, candidate, at, 60_000),
    });

    // then the right password passes, a wrong one or a late answer does not
    expect(checkDigestAuthorization(answer('pa55'), CREDENTIALS, options(now + 1000))).toEqual({ ok: true });
    expect(checkDigestAuthorization(answer('nope'), CREDENTIALS, options(now + 1000)).ok).toBe(false);
    expect(checkDigestAuthorization(answer('pa55'), CREDENTIALS, options(now + 120_000)).ok).toBe(false);
  });

  it('refuses a nonce it did not sign', () => {
    const forged = issueNonce('another secret', 5);
    expect(nonceIsValid(SECRET, forged, 10, 60_000)).toBe(false);
    expect(nonceIsValid(SECRET, 'garbage', 10, 60_000)).toBe(false);
  });
});
