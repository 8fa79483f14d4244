import type { PasswordPolicy } from './password-policy';
import { DEFAULT_PASSWORD_POLICY, passwordProblems, validatePasswordPolicy } from './password-policy';

const lenient: PasswordPolicy = {
  minLength: 1,
  maxLength: 255,
  requireDigit: false,
  requireLowercase: false,
  requireUppercase: false,
  requireNonAlphanumeric: false,
  requiredUniqueChars: 1,
};

const codes = (problems: readonly string[]) => problems.map((problem) => problem.split(':')[0]);

describe('passwordProblems', () => {
  it('has the seed defaults (FEATURES 9.2.3)', () =>
    expect(DEFAULT_PASSWORD_POLICY).toEqual({
      minLength: 8,
      maxLength: 255,
      requireDigit: true,
      requireLowercase: true,
      requireUppercase: true,
      requireNonAlphanumeric: true,
      requiredUniqueChars: 1,
    }));

  it('accepts a password meeting the default policy', () =>
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, 'Corr3ct-horse')).toEqual([]));

  it.each([
    ['Ab1-xyz', 'PASSWORD_TOO_SHORT'],
    ['abcdefg1-', 'PASSWORD_NEEDS_UPPERCASE'],
    ['ABCDEFG1-', 'PASSWORD_NEEDS_LOWERCASE'],
    ['Abcdefgh-', 'PASSWORD_NEEDS_DIGIT'],
    ['Abcdefgh1', 'PASSWORD_NEEDS_NON_ALPHANUMERIC'],
  ])('rejects %p with %s', (password, code) =>
    expect(codes(passwordProblems(DEFAULT_PASSWORD_POLICY, password))).toEqual([code]),
  );

  it('reports every problem at once', () =>
    expect(codes(passwordProblems(DEFAULT_PASSWORD_POLICY, 'abc'))).toEqual([
      'PASSWORD_TOO_SHORT',
      'PASSWORD_NEEDS_DIGIT',
      'PASSWORD_NEEDS_UPPERCASE',
      'PASSWORD_NEEDS_NON_ALPHANUMERIC',
    ]));

  it('rejects a password longer than maxLength', () =>
    expect(codes(passwordProblems({ ...lenient, maxLength: 10 }, 'a'.repeat(11)))).toEqual(['PASSWORD_TOO_LONG']));

  it('counts a non-ASCII letter as non-alphanumeric, as ASP.NET Identity does', () =>
    expect(passwordProblems({ ...lenient, requireNonAlphanumeric: true }, 'abcé')).toEqual([]));

  it('counts code points, not UTF-16 units', () =>
    expect(codes(passwordProblems({ ...lenient, minLength: 3 }, '😀😀'))).toEqual(['PASSWORD_TOO_SHORT']));

  describe('seed worked example: requiredUniqueChars = 2', () => {
    const policy = { ...lenient, requiredUniqueChars: 2 };
    it('rejects "aaaaaa"', () =>
      expect(codes(passwordProblems(policy, 'aaaaaa'))).toEqual(['PASSWORD_TOO_FEW_UNIQUE_CHARS']));
    it('accepts "abab"', () => expect(passwordProblems(policy, 'abab')).toEqual([]));
    it('judges uniqueness alone under the defaults too', () => {
      const withDefaults = { ...DEFAULT_PASSWORD_POLICY, requiredUniqueChars: 2 };
      expect(codes(passwordProblems(withDefaults, 'aaaaaa'))).toContain('PASSWORD_TOO_FEW_UNIQUE_CHARS');
      expect(codes(passwordProblems(withDefaults, 'abab'))).not.toContain('PASSWORD_TOO_FEW_UNIQUE_CHARS');
    });
  });

  it('never echoes the password', () => {
    const password = 'Sup3rSecretPassw0rdThatIsTooLong!';
    const problems = passwordProblems({ ...DEFAULT_PASSWORD_POLICY, maxLength: 10, requiredUniqueChars: 40 }, password);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join(' ')).not.toContain(password);
  });
});

describe('validatePasswordPolicy', () => {
  it('accepts the defaults', () => expect(validatePasswordPolicy(DEFAULT_PASSWORD_POLICY)).toEqual([]));

  it.each<[string, Partial<PasswordPolicy>, string]>([
    ['minLength 0', { minLength: 0 }, 'POLICY_MIN_LENGTH_INVALID'],
    ['fractional minLength', { minLength: 2.5 }, 'POLICY_MIN_LENGTH_INVALID'],
    ['maxLength 256', { maxLength: 256 }, 'POLICY_MAX_LENGTH_INVALID'],
    ['maxLength below minLength', { minLength: 10, maxLength: 9 }, 'POLICY_LENGTHS_INCONSISTENT'],
    ['requiredUniqueChars 0', { requiredUniqueChars: 0 }, 'POLICY_UNIQUE_CHARS_INVALID'],
    ['requiredUniqueChars above maxLength', { maxLength: 8, requiredUniqueChars: 9 }, 'POLICY_UNIQUE_CHARS_INVALID'],
    ['four required classes within 3 characters', { minLength: 1, maxLength: 3 }, 'POLICY_UNSATISFIABLE'],
  ])('rejects %s', (_label, change, code) =>
    expect(codes(validatePasswordPolicy({ ...DEFAULT_PASSWORD_POLICY, ...change }))).toEqual([code]),
  );
});
