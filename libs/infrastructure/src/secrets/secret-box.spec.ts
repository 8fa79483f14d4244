import { SecretBox } from './secret-box';

const KEY = 'k'.repeat(40);

describe('SecretBox (AES-256-GCM)', () => {
  it('opens what it sealed, for the same purpose only; the ciphertext hides the secret and differs each time', () => {
    const box = SecretBox.fromKeyMaterial(KEY);
    const sealed = box.encrypt('smtp-Passw0rd!', 'settings-mailserver/password');

    expect(box.decrypt(sealed, 'settings-mailserver/password')).toBe('smtp-Passw0rd!');
    expect(sealed).not.toContain('smtp-Passw0rd!');
    expect(sealed).not.toBe(box.encrypt('smtp-Passw0rd!', 'settings-mailserver/password'));
    expect(() => box.decrypt(sealed, 'other/purpose')).toThrow('cannot be decrypted');
  });

  it('refuses another key, an altered ciphertext and a short key, without echoing anything secret', () => {
    const sealed = SecretBox.fromKeyMaterial(KEY).encrypt('smtp-Passw0rd!', 'p');
    const other = SecretBox.fromKeyMaterial('o'.repeat(40));
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'BB' : 'AA'}`;

    expect(() => other.decrypt(sealed, 'p')).toThrow(/^the secret cannot be decrypted/);
    expect(() => SecretBox.fromKeyMaterial(KEY).decrypt(altered, 'p')).toThrow(/^the secret cannot be decrypted/);
    expect(() => SecretBox.fromKeyMaterial('short')).toThrow('at least 32 characters');
  });
});
