import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Names each missing or invalid variable and why, never its value (values may be secrets). */
export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

const describe = (error: ValidationError): string => {
  const reasons = Object.keys(error.constraints ?? {});
  const missing = error.value === undefined || error.value === '';
  return `${error.property}: ${missing ? 'missing' : 'invalid'}${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`;
};

/**
 * Validates the environment against an env class (class-validator decorators, defaults as property initialisers).
 * Unknown variables are ignored: the process environment holds much more than ours.
 */
export const validateEnv = <T extends object>(envClass: ClassConstructor<T>, raw: Record<string, unknown>): T => {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(envClass, defined, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(errors.map(describe));
  }
  return env;
};

/** For main.ts: validate before Nest starts; on failure print the problems and exit non-zero. */
export const loadEnvOrExit = <T extends object>(envClass: ClassConstructor<T>, appName: string): T => {
  try {
    return validateEnv(envClass, process.env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${appName} cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
};
