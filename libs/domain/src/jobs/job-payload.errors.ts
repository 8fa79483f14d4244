import { DomainError } from '../shared/domain-error';

/** A job whose name or data does not match its contract: a worker rejects it without retrying. */
export class InvalidJobPayloadError extends DomainError<'INVALID_JOB_PAYLOAD'> {
  constructor(jobName: string, problem: string) {
    super('INVALID_JOB_PAYLOAD', `invalid ${jobName} job: ${problem}`, { jobName, problem });
  }
}
