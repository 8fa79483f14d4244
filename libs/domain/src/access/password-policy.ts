/**
 * Basic-user password policy (FEATURES 9.2.3, the ASP.NET Identity options Milestone exposes). Character classes are
 * ASCII, as in ASP.NET Identity: any character that is not an ASCII letter or digit counts as non-alphanumeric.
 * Lengths and uniqueness count Unicode code points.
 */
export type PasswordPolicy = Readonly<{
  minLength: number;
  maxLength: number;
  requireDigit: boolean;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNonAlphanumeric: boolean;
  requiredUniqueChars: number;
}>;

/** The hard ceiling on password length (FEATURES 9.2.3: "maximum 255"). */
export const PASSWORD_MAX_LENGTH_LIMIT = 255;

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 8,
  maxLength: PASSWORD_MAX_LENGTH_LIMIT,
  requireDigit: true,
  requireLowercase: true,
  requireUppercase: true,
  requireNonAlphanumeric: true,
  requiredUniqueChars: 1,
};

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLower = (c: string): boolean => c >= 'a' && c <= 'z';
const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isAlphanumeric = (c: string): boolean => isDigit(c) || isLower(c) || isUpper(c);

/**
 * Why `password` breaks `policy`; empty when it is acceptable. Each problem is a short code and explanation that
 * never contains the password or any of its characters.
 */
export const passwordProblems = (policy: PasswordPolicy, password: string): string[] => {
  const chars = [...password];
  const problems: string[] = [];
  if (chars.length < policy.minLength) {
    problems.push(`PASSWORD_TOO_SHORT: at least ${policy.minLength} characters`);
  }
  if (chars.length > policy.maxLength) {
    problems.push(`PASSWORD_TOO_LONG: at most ${policy.maxLength} characters`);
  }
  if (policy.requireDigit && !chars.some(isDigit)) {
    problems.push('PASSWORD_NEEDS_DIGIT: at least one digit (0-9)');
  }
  if (policy.requireLowercase && !chars.some(isLower)) {
    problems.push('PASSWORD_NEEDS_LOWERCASE: at least one lowercase letter (a-z)');
  }
  if (policy.requireUppercase && !chars.some(isUpper)) {
    problems.push('PASSWORD_NEEDS_UPPERCASE: at least one uppercase letter (A-Z)');
  }
  if (policy.requireNonAlphanumeric && chars.every(isAlphanumeric)) {
    problems.push('PASSWORD_NEEDS_NON_ALPHANUMERIC: at least one character that is not a letter or digit');
  }
  if (new Set(chars).size < policy.requiredUniqueChars) {
    problems.push(`PASSWORD_TOO_FEW_UNIQUE_CHARS: at least ${policy.requiredUniqueChars} different characters`);
  }
  return problems;
};

const isWhole = (n: number): boolean => Number.isSafeInteger(n);

/** Why `policy` is unusable; empty when it is valid. */
export const validatePasswordPolicy = (policy: PasswordPolicy): string[] => {
  const problems: string[] = [];
  if (!isWhole(policy.minLength) || policy.minLength < 1) {
    problems.push('POLICY_MIN_LENGTH_INVALID: minLength must be a whole number of at least 1');
  }
  if (!isWhole(policy.maxLength) || policy.maxLength > PASSWORD_MAX_LENGTH_LIMIT) {
    problems.push(
      `POLICY_MAX_LENGTH_INVALID: maxLength must be a whole number of at most ${PASSWORD_MAX_LENGTH_LIMIT}`,
    );
  }
  if (policy.maxLength < policy.minLength) {
    problems.push('POLICY_LENGTHS_INCONSISTENT: maxLength must not be less than minLength');
  }
  if (!isWhole(policy.requiredUniqueChars) || policy.requiredUniqueChars < 1) {
    problems.push('POLICY_UNIQUE_CHARS_INVALID: requiredUniqueChars must be a whole number of at least 1');
  } else if (policy.requiredUniqueChars > policy.maxLength) {
    problems.push('POLICY_UNIQUE_CHARS_INVALID: requiredUniqueChars must not exceed maxLength');
  }
  const requiredClasses = [
    policy.requireDigit,
    policy.requireLowercase,
    policy.requireUppercase,
    policy.requireNonAlphanumeric,
  ].filter(Boolean).length;
  if (requiredClasses > policy.maxLength) {
    problems.push('POLICY_UNSATISFIABLE: more required character classes than maxLength allows');
  }
  return problems;
};
