import { DomainError } from '../shared';

/** Stable, machine-readable codes of alarm definitions. Persisted in logs and API responses: do not rename. */
export type AlarmDefinitionErrorCode =
  'ALARM_DEFINITION_INVALID' | 'ALARM_DEFINITION_NOT_FOUND' | 'ALARM_DEFINITION_ALREADY_EXISTS';

/** `ALARM_DEFINITION_INVALID` carries `details.problems`: every 'CODE: explanation' of `alarmDefinitionProblems`. */
export class AlarmDefinitionError extends DomainError<AlarmDefinitionErrorCode> {}
