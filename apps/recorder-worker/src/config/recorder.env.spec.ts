import { InvalidEnvironmentError, validateEnv } from '@vigil/infrastructure';
import { RecorderEnv } from './recorder.env';

const messageOf = (variables: Record<string, string>): string => {
  try {
    validateEnv(RecorderEnv, variables);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    return (error as Error).message;
  }
  throw new Error('expected the environment to be refused');
};

describe('the recorder storage settings', () => {
  it('given nothing, then 7 days of retention, no maximum size, 250 MB kept free, checked every minute', () => {
    const env = validateEnv(RecorderEnv, {});

    expect(env).toMatchObject({
      RECORDINGS_DIR: '.data/recordings',
      RECORDINGS_RETENTION_HOURS: 168,
      RECORDINGS_MIN_FREE_MB: 250,
      STORAGE_CHECK_SECONDS: 60,
    });
    expect(env.RECORDINGS_MAX_SIZE_MB).toBeUndefined();
  });

  it('given values, then they are read as numbers', () => {
    const env = validateEnv(RecorderEnv, {
      RECORDINGS_RETENTION_HOURS: '24',
      RECORDINGS_MAX_SIZE_MB: '500000',
      RECORDINGS_MIN_FREE_MB: '0',
      STORAGE_CHECK_SECONDS: '5',
    });

    expect(env).toMatchObject({
      RECORDINGS_RETENTION_HOURS: 24,
      RECORDINGS_MAX_SIZE_MB: 500_000,
      RECORDINGS_MIN_FREE_MB: 0,
      STORAGE_CHECK_SECONDS: 5,
    });
  });

  it('given invalid values, then each is named with the rule it breaks', () => {
    const message = messageOf({
      RECORDINGS_RETENTION_HOURS: '0',
      RECORDINGS_MAX_SIZE_MB: '1.5',
      RECORDINGS_MIN_FREE_MB: '-1',
      STORAGE_CHECK_SECONDS: 'often',
    });

    expect(message).toContain('RECORDINGS_RETENTION_HOURS: invalid (min)');
    expect(message).toContain('RECORDINGS_MAX_SIZE_MB: invalid (isInt)');
    expect(message).toContain('RECORDINGS_MIN_FREE_MB: invalid (min)');
    expect(message).toMatch(/STORAGE_CHECK_SECONDS: invalid \(.*isInt/);
  });
});
