import { DomainError } from '../shared';

/** Stable, machine-readable codes of the webhooks area. Persisted in logs and API responses: do not rename. */
export type WebhookErrorCode = 'WEBHOOK_INVALID' | 'WEBHOOK_NOT_FOUND' | 'WEBHOOK_ALREADY_EXISTS' | 'WEBHOOK_IN_USE';

export class WebhookError extends DomainError<WebhookErrorCode> {}
