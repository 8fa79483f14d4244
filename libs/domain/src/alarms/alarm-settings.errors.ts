import { DomainError } from '../shared';

/** Stable, machine-readable codes of the alarm data settings. Persisted in logs and API responses: do not rename. */
export type AlarmSettingsErrorCode = 'ALARM_SETTINGS_INVALID' | 'ALARM_SETTINGS_IN_USE';

/**
 * `ALARM_SETTINGS_INVALID` carries `details.problems` (every 'CODE: explanation'); `ALARM_SETTINGS_IN_USE` carries
 * `details.usedBy` (what still uses a priority or category being removed).
 */
export class AlarmSettingsError extends DomainError<AlarmSettingsErrorCode> {}
