import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { WebhookDefinition } from './webhook';

// Event type names and field names are persisted: do not rename.

export const WEBHOOK_STREAM_PREFIX = 'webhook-'; // persisted: do not rename (definitions, one stream per webhook)
export const WEBHOOK_DELIVERY_STREAM_PREFIX = 'webhookdelivery-'; // persisted: do not rename (the delivery log)

export const webhookStream = (webhookId: string): string => `${WEBHOOK_STREAM_PREFIX}${webhookId}`;
export const webhookDeliveryStream = (webhookId: string): string => `${WEBHOOK_DELIVERY_STREAM_PREFIX}${webhookId}`;

export type WebhookCreated = AccessDomainEvent<
  'WebhookCreated', // persisted: do not rename
  { webhook: WebhookDefinition; byUserId: string; at: EpochMs }
>;
/** A full replacement of the definition (same id), the token included. */
export type WebhookUpdated = AccessDomainEvent<
  'WebhookUpdated', // persisted: do not rename
  { webhook: WebhookDefinition; byUserId: string; at: EpochMs }
>;
export type WebhookDeleted = AccessDomainEvent<
  'WebhookDeleted', // persisted: do not rename
  { webhookId: string; byUserId: string; at: EpochMs }
>;

export type WebhookEvent = WebhookCreated | WebhookUpdated | WebhookDeleted;
export type WebhookEventType = WebhookEvent['type'];

// persisted: do not rename
export const WEBHOOK_EVENT_TYPES = [
  'WebhookCreated',
  'WebhookUpdated',
  'WebhookDeleted',
] as const satisfies readonly WebhookEventType[];

// Does not compile if a type is added to the union but forgotten in the list.
type UnlistedWebhookEventType = Exclude<WebhookEventType, (typeof WEBHOOK_EVENT_TYPES)[number]>;
export const allWebhookEventTypesListed: [UnlistedWebhookEventType] extends [never] ? true : UnlistedWebhookEventType =
  true;

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

export type WebhookDeliveryOutcome = 'delivered' | 'failed' | 'retrying'; // persisted: do not rename

/**
 * One HTTP attempt of one delivery (a CallWebhook job), in stream `webhookdelivery-<webhookId>`: what was sent where,
 * what came back and what happens next ('retrying': another attempt follows; 'failed': none will).
 */
export type WebhookDeliveryAttempted = AccessDomainEvent<
  'WebhookDeliveryAttempted', // persisted: do not rename
  {
    webhookId: string;
    /** The job id, which is also the delivery id the receiver sees. */
    jobId: string;
    /** 1 for the first attempt. */
    attempt: number;
    at: EpochMs;
    url: string;
    statusCode?: number;
    durationMs: number;
    outcome: WebhookDeliveryOutcome;
    error?: string;
  }
>;

export type WebhookDeliveryEvent = WebhookDeliveryAttempted;

// persisted: do not rename
export const WEBHOOK_DELIVERY_EVENT_TYPES = [
  'WebhookDeliveryAttempted',
] as const satisfies readonly WebhookDeliveryEvent['type'][];

type UnlistedDeliveryType = Exclude<WebhookDeliveryEvent['type'], (typeof WEBHOOK_DELIVERY_EVENT_TYPES)[number]>;
export const allWebhookDeliveryEventTypesListed: [UnlistedDeliveryType] extends [never] ? true : UnlistedDeliveryType =
  true;
