import { createHash } from 'node:crypto';
import { parseSoapRequest } from './soap.envelope';
import { checkUsernameToken, nonceMemory, passwordDigest, readUsernameToken } from './ws-security.auth';

const CREDENTIALS = { username: 'admin', password: 'pa55' };
const NOW = new Date('2026-12-01T12:00:00.000Z');
const NONCE = Buffer.from('0123456789abcdef').toString('base64');

/** The header exactly as the onvif package writes it (Cam#_envelopeHeader). */
const envelope = (username: string, password: string, created: string, nonce = NONCE): string =>
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">' +
  '<s:Header><Security s:mustUnderstand="1" xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">' +
  `<UsernameToken><Username>${username}</Username>` +
  `<Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${password}</Password>` +
  `<Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce}</Nonce>` +
  `<Created xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${created}</Created>` +
  '</UsernameToken></Security></s:Header><s:Body><GetProfiles xmlns="http://www.onvif.org/ver10/media/wsdl"/></s:Body></s:Envelope>';

const token = (xml: string) => {
  const read = readUsernameToken(parseSoapRequest(xml).header);
  if (!read) {
    throw new Error('no token');
  }
  return read;
};

const options = { now: NOW, maxSkewMs: 60_000, replayed: () => false };

describe('WS-Security UsernameToken', () => {
  it('computes the PasswordDigest as Base64(SHA-1(nonce + created + password))', () => {
    const created = '2026-12-01T12:00:00.000Z';
    const expected = createHash('sha1')
      .update(Buffer.concat([Buffer.from('0123456789abcdef'), Buffer.from(created + 'pa55')]))
      .digest('base64');
    expect(passwordDigest(NONCE, created, 'pa55')).toBe(expected);
  });

  it('accepts the right digest and reads the token the onvif package sends', () => {
    const created = '2026-12-01T12:00:10.000Z';
    const read = token(envelope('admin', passwordDigest(NONCE, created, 'pa55'), created));
    expect(read).toMatchObject({ username: 'admin', passwordType: 'PasswordDigest', nonce: NONCE, created });
    expect(checkUsernameToken(read, CREDENTIALS, options)).toEqual({ ok: true });
  });

  it.each([
    ['a wrong password', 'admin', 'wrong', '2026-12-01T12:00:00.000Z'],
    ['an unknown user', 'root', 'pa55', '2026-12-01T12:00:00.000Z'],
    ['a Created outside the allowed skew', 'admin', 'pa55', '2026-12-01T12:05:00.000Z'],
  ])('refuses %s', (_case, username, password, created) => {
    const read = token(envelope(username, passwordDigest(NONCE, created, password), created));
    expect(checkUsernameToken(read, CREDENTIALS, options).ok).toBe(false);
  });

  it('refuses a replayed nonce', () => {
    // given a replay guard that has seen one request
    const created = '2026-12-01T12:00:00.000Z';
    const read = token(envelope('admin', passwordDigest(NONCE, created, 'pa55'), created));
    const replayed = nonceMemory(60_000, () => NOW.getTime());
    expect(checkUsernameToken(read, CREDENTIALS, { ...options, replayed })).toEqual({ ok: true });

    // when the same token comes again, then it is refused
    expect(checkUsernameToken(read, CREDENTIALS, { ...options, replayed })).toEqual({
      ok: false,
      reason: 'nonce replayed',
    });
  });

  it('forgets nonces once they are older than the window', () => {
    let now = 0;
    const replayed = nonceMemory(1000, () => now);
    expect(replayed('n')).toBe(false);
    now = 500;
    expect(replayed('n')).toBe(true);
    now = 2000;
    expect(replayed('n')).toBe(false);
  });

  it('finds no token in a header without Security', () => {
    const xml =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>' +
      '<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>';
    expect(readUsernameToken(parseSoapRequest(xml).header)).toBeUndefined();
  });
});
