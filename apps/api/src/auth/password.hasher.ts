import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum for argon2id). Hashes are opaque to the
 * domain, which only stores them. A hash to compare against always exists, so an unknown user name costs the same
 * time as a wrong password and reveals nothing.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    const against = passwordHash ?? (await (this.dummyHash ??= hash('vigil-timing-equaliser')));
    try {
      return (await verify(against, password)) && passwordHash !== undefined;
    } catch {
      return false; // a malformed stored hash never authenticates
    }
  }
}
