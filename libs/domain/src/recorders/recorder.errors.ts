import { DomainError } from '../shared';

/** Stable, machine-readable codes of the recorders area. Persisted in logs and API responses: do not rename. */
export type RecorderErrorCode = 'RECORDER_INVALID' | 'RECORDER_NOT_FOUND';

export class RecorderError extends DomainError<RecorderErrorCode> {}
