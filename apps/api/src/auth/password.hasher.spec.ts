import { PasswordHasher } from './password.hasher';

describe('PasswordHasher', () => {
  const sut = new PasswordHasher();

  it('stores argon2id hashes that verify the right password only', async () => {
    const stored = await sut.hash('Corr3ct-horse');

    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain('Corr3ct-horse');
    await expect(sut.verify(stored, 'Corr3ct-horse')).resolves.toBe(true);
    await expect(sut.verify(stored, 'corr3ct-horse')).resolves.toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await sut.hash('Same-pa55word')).not.toBe(await sut.hash('Same-pa55word'));
  });

  it('refuses an unknown user after the same work as a wrong password', async () => {
    await expect(sut.verify(undefined, 'vigil-timing-equaliser')).resolves.toBe(false);
    await expect(sut.verify(undefined, 'anything')).resolves.toBe(false);
  });

  it('never authenticates against a malformed stored hash', async () => {
    await expect(sut.verify('not-a-hash', 'whatever')).resolves.toBe(false);
    await expect(sut.verify('', '')).resolves.toBe(false);
  });
});
