// WS-Security UsernameToken (OASIS UsernameToken Profile 1.0), the authentication ONVIF clients send in the SOAP
// header: PasswordDigest = Base64(SHA-1(nonce bytes + Created + password)). The `onvif` package computes Created
// from the camera's clock (GetSystemDateAndTime) plus its own uptime, so a small skew is normal.
import { createHash, timingSafeEqual } from 'node:crypto';
import { NS } from './onvif.namespaces';
import { childNamed, type XmlElement } from './xml.parser';

export type Credentials = Readonly<{ username: string; password: string }>;

export type UsernameToken = Readonly<{
  username: string;
  password: string;
  passwordType: 'PasswordDigest' | 'PasswordText';
  /** Base64, as sent. */
  nonce: string | undefined;
  created: string | undefined;
}>;

export type AuthCheck = Readonly<{ ok: true }> | Readonly<{ ok: false; reason: string }>;

/** The UsernameToken of a SOAP header, or undefined when the header carries no Security element. */
export const readUsernameToken = (header: XmlElement | undefined): UsernameToken | undefined => {
  const security = header?.children.find((child) => child.name === 'Security' && child.namespace === NS.security);
  const token = childNamed(security, 'UsernameToken');
  if (!token) {
    return undefined;
  }
  const password = childNamed(token, 'Password');
  return {
    username: childNamed(token, 'Username')?.text.trim() ?? '',
    password: password?.text.trim() ?? '',
    passwordType: password?.attributes.Type?.endsWith('#PasswordText') ? 'PasswordText' : 'PasswordDigest',
    nonce: childNamed(token, 'Nonce')?.text.trim(),
    created: childNamed(token, 'Created')?.text.trim(),
  };
};

/** Base64(SHA-1(decoded nonce + created + password)), the PasswordDigest a client must send. */
export const passwordDigest = (nonceBase64: string, created: string, password: string): string =>
  createHash('sha1')
    .update(Buffer.concat([Buffer.from(nonceBase64, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(password)]))
    .digest('base64');

export const sameSecret = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

export type TokenCheckOptions = Readonly<{
  now: Date;
  /** How far Created may be from now, either way. */
  maxSkewMs: number;
  /** Returns true when this nonce was already used within the skew window (a replay), and remembers it. */
  replayed: (nonce: string) => boolean;
}>;

/** Checks a UsernameToken against the camera's one account. The reason is for logs, never for the client. */
export const checkUsernameToken = (
  token: UsernameToken,
  credentials: Credentials,
  options: TokenCheckOptions,
): AuthCheck => {
  if (!sameSecret(token.username, credentials.username)) {
    return { ok: false, reason: 'unknown user' };
  }
  if (token.passwordType === 'PasswordText') {
    return sameSecret(token.password, credentials.password) ? { ok: true } : { ok: false, reason: 'wrong password' };
  }
  if (!token.nonce || !token.created) {
    return { ok: false, reason: 'digest without nonce or created' };
  }
  const created = Date.parse(token.created);
  if (Number.isNaN(created) || Math.abs(created - options.now.getTime()) > options.maxSkewMs) {
    return { ok: false, reason: 'created outside the allowed clock skew' };
  }
  if (!sameSecret(token.password, passwordDigest(token.nonce, token.created, credentials.password))) {
    return { ok: false, reason: 'wrong password digest' };
  }
  if (options.replayed(token.nonce)) {
    return { ok: false, reason: 'nonce replayed' };
  }
  return { ok: true };
};

/** A replay guard for checkUsernameToken: remembers nonces for windowMs. */
export const nonceMemory = (windowMs: number, now: () => number = Date.now): ((nonce: string) => boolean) => {
  const seen = new Map<string, number>();
  return (nonce) => {
    const at = now();
    for (const [old, when] of seen) {
      if (at - when <= windowMs) {
        break; // insertion order is time order
      }
      seen.delete(old);
    }
    if (seen.has(nonce)) {
      return true;
    }
    seen.set(nonce, at);
    return false;
  };
};
