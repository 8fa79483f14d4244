import type { RuleActionJobData } from '../jobs/rule-action-jobs';
import type { WebhookApiVersion, WebhookDefinition } from './webhook';

/**
 * The JSON body of a delivery, API version v1 (FEATURES 2.6.2 leaves the schema open: this is ours). Field names are
 * a contract with receivers: do not rename; a change of shape is a new API version. Only identifiers, types and
 * times are sent, never device or user details (FEATURES 2.6.3, privacy).
 */
export type WebhookPayloadV1 = Readonly<{
  apiVersion: WebhookApiVersion;
  /** The same for every attempt of one delivery (also sent as X-Vigil-Delivery): receivers de-duplicate on it. */
  deliveryId: string;
  rule: Readonly<{ id: string; name: string; version: number }>;
  /** The event that made the rule fire. */
  event: Readonly<{ id: string; type: string; at: string; sourceDeviceId: string | null }>;
  /** The devices the action concerns (its resolved target); may be empty. */
  deviceIds: readonly string[];
  /** The RuleFired event. */
  firingEventId: string;
  correlationId: string;
}>;

export type WebhookPayload = WebhookPayloadV1;

/** The body of one delivery of a CallWebhook job; `deliveryId` is the job's id. Pure: the same input, the same body. */
export const webhookPayload = (
  data: RuleActionJobData<'CallWebhook'>,
  webhook: Pick<WebhookDefinition, 'apiVersion'>,
  deliveryId: string,
): WebhookPayload => ({
  apiVersion: webhook.apiVersion,
  deliveryId,
  rule: { id: data.ruleId, name: data.ruleName, version: data.ruleVersion },
  event: {
    id: data.triggeringEventId,
    type: data.triggeringEventType,
    at: new Date(data.at).toISOString(),
    sourceDeviceId: data.sourceDeviceId ?? null,
  },
  deviceIds: [...data.deviceIds],
  firingEventId: data.firingEventId,
  correlationId: data.correlationId,
});
