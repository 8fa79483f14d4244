// HTTP Digest authentication (RFC 2617, MD5, qop=auth), the other way ONVIF clients authenticate: a request
// without credentials gets 401 with a challenge, and the client repeats it with an Authorization header. Nonces
// are stateless (a timestamp signed with a per-camera secret), so they survive without a session table.
import { createHash, createHmac } from 'node:crypto';
import { sameSecret, type AuthCheck, type Credentials } from './ws-security.auth';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** The fields of an `Authorization: Digest ...` header, or undefined when it is not Digest. */
export const parseDigestAuthorization = (header: string | undefined): Readonly<Record<string, string>> | undefined => {
  if (!header || !/^Digest\s/i.test(header)) {
    return undefined;
  }
  const fields: Record<string, string> = {};
  const pattern = /([a-zA-Z0-9_-]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g;
  for (const match of header.slice(7).matchAll(pattern)) {
    if (match[1]) {
      fields[match[1].toLowerCase()] = match[2] ?? match[3] ?? '';
    }
  }
  return fields;
};

export const issueNonce = (secret: string, now: number): string => {
  const stamp = now.toString(16);
  return `${stamp}.${createHmac('sha256', secret).update(stamp).digest('hex').slice(0, 32)}`;
};

export const nonceIsValid = (secret: string, nonce: string, now: number, maxAgeMs: number): boolean => {
  const [stamp = '', signature = ''] = nonce.split('.');
  const issued = parseInt(stamp, 16);
  return (
    Number.isFinite(issued) &&
    now - issued <= maxAgeMs &&
    issued <= now &&
    sameSecret(signature, createHmac('sha256', secret).update(stamp).digest('hex').slice(0, 32))
  );
};

export const digestChallenge = (realm: string, nonce: string): string =>
  `Digest realm="${realm}", qop="auth", nonce="${nonce}", algorithm=MD5`;

/** The response a client computes (RFC 2617 3.2.2.1), with or without qop. */
export const digestResponse = (
  input: Readonly<{
    username: string;
    password: string;
    realm: string;
    method: string;
    uri: string;
    nonce: string;
    qop?: string;
    nc?: string;
    cnonce?: string;
  }>,
): string => {
  const ha1 = md5(`${input.username}:${input.realm}:${input.password}`);
  const ha2 = md5(`${input.method}:${input.uri}`);
  return input.qop
    ? md5(`${ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`)
    : md5(`${ha1}:${input.nonce}:${ha2}`);
};

export type DigestCheckOptions = Readonly<{
  method: string;
  realm: string;
  nonceValid: (nonce: string) => boolean;
}>;

export const checkDigestAuthorization = (
  fields: Readonly<Record<string, string>>,
  credentials: Credentials,
  options: DigestCheckOptions,
): AuthCheck => {
  const { username = '', nonce = '', uri = '', response = '', realm = '' } = fields;
  if (!sameSecret(username, credentials.username)) {
    return { ok: false, reason: 'unknown user' };
  }
  if (realm !== options.realm || !options.nonceValid(nonce)) {
    return { ok: false, reason: 'stale or foreign nonce' };
  }
  if ((fields.algorithm ?? 'MD5').toUpperCase() !== 'MD5') {
    return { ok: false, reason: 'unsupported algorithm' };
  }
  const expected = digestResponse({
    username,
    password: credentials.password,
    realm,
    method: options.method,
    uri,
    nonce,
    ...(fields.qop ? { qop: fields.qop, nc: fields.nc ?? '', cnonce: fields.cnonce ?? '' } : {}),
  });
  return sameSecret(response, expected) ? { ok: true } : { ok: false, reason: 'wrong digest response' };
};
