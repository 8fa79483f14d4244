import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * Encrypts small secrets at rest (the SMTP password) with AES-256-GCM under a key derived (HKDF-SHA256) from
 * VIGIL_SECRETS_KEY. A ciphertext is `v1.<iv>.<tag>.<data>` (base64url) and is bound to its `purpose` (the GCM
 * additional data), so a ciphertext copied to another field does not open. Neither the key nor a plaintext is ever
 * logged or put in an error message.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKeyMaterial(material: string): SecretBox {
    if (material.length < 32) {
      throw new SecretBoxError('the secrets key needs at least 32 characters');
    }
    const key = Buffer.from(hkdfSync('sha256', material, 'vigil-secrets', 'aes-256-gcm v1', 32));
    return new SecretBox(key);
  }

  encrypt(plaintext: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(ciphertext: string, purpose: string): string {
    const [version, iv, tag, data, ...rest] = ciphertext.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || data === undefined || rest.length > 0) {
      throw new SecretBoxError('not a secret of this version');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('the secret cannot be decrypted (another VIGIL_SECRETS_KEY, or altered)');
    }
  }
}
