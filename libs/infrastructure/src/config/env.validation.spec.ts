import { CommonEnv } from './common.env';
import { EnvBoolean } from './env-boolean.decorator';
import { InvalidEnvironmentError, validateEnv } from './env.validation';
import { WorkerEnv } from './worker.env';

describe('environment validation', () => {
  it('applies the defaults that work on a developer machine', () => {
    const env = validateEnv(WorkerEnv, {});

    expect(env).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vigil',
      REDIS_URL: 'redis://127.0.0.1:6379',
      EVENT_STORE: 'postgres',
      MAX_EVENT_BYTES: 1_048_576,
      HEALTH_PORT: 3001,
      QUEUE_PREFIX: 'vigil',
    });
  });

  it('converts numbers and ignores variables it does not know', () => {
    const env = validateEnv(WorkerEnv, { HEALTH_PORT: '4001', PATH: '/usr/bin', HOME: '/root' });

    expect(env.HEALTH_PORT).toBe(4001);
    expect(env).not.toHaveProperty('PATH');
  });

  it('names every invalid variable without echoing its value', () => {
    const secret = 's3cr3t-p4ss';
    const attempt = () =>
      validateEnv(WorkerEnv, {
        DATABASE_URL: `mysql://admin:${secret}@db/vigil`,
        REDIS_URL: `http://user:${secret}@cache`,
        EVENT_STORE: 'mongodb',
        HEALTH_PORT: '70000',
      });

    expect(attempt).toThrow(InvalidEnvironmentError);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'EVENT_STORE', 'HEALTH_PORT']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain(secret);
    expect(message).not.toContain('mongodb');
  });

  it('requires EVENTSTORE_URL only when the EventStoreDB adapter is chosen', () => {
    expect(() => validateEnv(CommonEnv, { EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_URL: missing/);
    expect(
      validateEnv(CommonEnv, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }),
    ).toMatchObject({ EVENT_STORE: 'eventstoredb' });
  });

  it('reads booleans strictly: true/false/1/0, anything else is invalid', () => {
    class Flags {
      @EnvBoolean()
      ENABLED = true;
    }

    expect(validateEnv(Flags, { ENABLED: 'false' }).ENABLED).toBe(false);
    expect(validateEnv(Flags, { ENABLED: '1' }).ENABLED).toBe(true);
    expect(validateEnv(Flags, {}).ENABLED).toBe(true);
    expect(() => validateEnv(Flags, { ENABLED: 'yes' })).toThrow(/ENABLED: invalid/);
  });

  it('takes VIGIL_SECRETS_KEY only when long enough, naming it without echoing it', () => {
    const short = 'too-short-secret';

    expect(validateEnv(CommonEnv, { VIGIL_SECRETS_KEY: 'k'.repeat(32) }).VIGIL_SECRETS_KEY).toBe('k'.repeat(32));
    expect(() => validateEnv(CommonEnv, { VIGIL_SECRETS_KEY: short })).toThrow(/VIGIL_SECRETS_KEY: invalid/);
    expect(() => validateEnv(CommonEnv, { VIGIL_SECRETS_KEY: short })).not.toThrow(new RegExp(short));
  });
});
