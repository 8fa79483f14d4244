import { DomainError } from '../shared';

/** Stable, machine-readable codes of the rules area. Persisted in logs and API responses: do not rename. */
export type RuleErrorCode = 'RULE_INVALID' | 'RULE_NOT_FOUND' | 'RULE_ALREADY_EXISTS';

/** `RULE_INVALID` carries `details.problems`: every 'CODE: explanation' from `ruleProblems`. */
export class RuleError extends DomainError<RuleErrorCode> {}
