import { isValidTimeZone } from '@vigil/domain';
import { WorkerEnv } from '@vigil/infrastructure';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min, ValidateBy } from 'class-validator';

export class RuleEngineEnv extends WorkerEnv {
  override HEALTH_PORT = 3001;

  /** Persisted: the row of rule_engine.engine_state this engine resumes from. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be 1-63 lower-case letters, digits or -' })
  RULE_ENGINE_ID = 'rule-engine';

  /** The recorder that receives the jobs of devices no recorder has been assigned (FEATURES 6: assignment). */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a recorder id (lower-case letters, digits and -)' })
  DEFAULT_RECORDER_ID = 'recorder-1';

  /** Rule-action jobs (log entries, webhooks, e-mails) run at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  RULE_ACTIONS_CONCURRENCY = 8;

  /** How often the alarm retention (FEATURES 5.3.8) removes the alarms kept long enough; retention is in days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  ALARM_RETENTION_CHECK_SECONDS = 300;

  /** IANA zone in which "Day of week is" is read (time profiles carry their own). */
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value) => typeof value === 'string' && isValidTimeZone(value),
      defaultMessage: () => 'must be an IANA time zone',
    },
  })
  RULE_TIME_ZONE = 'UTC';
}
