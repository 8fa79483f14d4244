import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  webhookDecider,
  webhookDeliveryStream,
  webhookPayload,
  webhookStream,
  type EventStore,
  type RuleActionJobData,
  type WebhookDefinition,
  type WebhookDeliveryAttempted,
  type WebhookDeliveryOutcome,
} from '@vigil/domain';
import { deterministicUuid, EVENT_STORE, readState } from '@vigil/infrastructure';
import { UnrecoverableError } from 'bullmq';
import type { RuleActionExecutor, RuleActionJobInfo } from './rule-action.executor';

/** How long one attempt may take, connection included (FEATURES 2.6: push, never held open). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Optional Nest token overriding WEBHOOK_TIMEOUT_MS (tests). */
export const CALL_WEBHOOK_TIMEOUT_MS = Symbol('CALL_WEBHOOK_TIMEOUT_MS');

const USER_AGENT = 'Vigil-Webhooks/1';

/** How one attempt ended: whether another attempt can help, and what to record. */
type AttemptResult =
  | Readonly<{ kind: 'delivered'; statusCode: number }>
  | Readonly<{ kind: 'transient' | 'permanent'; statusCode?: number; error: string }>;

/** HMAC-SHA256 of the exact body bytes, keyed by the webhook's token: `sha256=<hex>`. */
export const webhookSignature = (token: string, body: Buffer | string): string =>
  `sha256=${createHmac('sha256', token).update(body).digest('hex')}`;

/**
 * CallWebhook (FEATURES 2.6): POSTs the v1 JSON body to the webhook's address. The webhook is read by folding its own
 * stream, so the rule engine needs no API read model. 2xx delivers; 5xx, 429, time-outs and connection failures
 * throw a plain Error (BullMQ retries with backoff); other statuses, and a deleted or unknown webhook, throw
 * UnrecoverableError. Every attempt is recorded as WebhookDeliveryAttempted under an id derived from (job id,
 * attempt), so running the same attempt again records it once. The token signs the body and is never logged.
 */
@Injectable()
export class CallWebhookExecutor implements RuleActionExecutor<'CallWebhook'> {
  readonly jobName = 'CallWebhook' as const;
  private readonly logger = new Logger(CallWebhookExecutor.name);
  private readonly timeoutMs: number;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(CALL_WEBHOOK_TIMEOUT_MS) timeoutMs?: number,
  ) {
    this.timeoutMs = timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  }

  async execute(data: RuleActionJobData<'CallWebhook'>, job: RuleActionJobInfo): Promise<void> {
    const webhook = await this.webhook(data.webhookId);
    const attempt = job.attemptsMade + 1;
    const body = JSON.stringify(webhookPayload(data, webhook, job.id));
    const at = Date.now();
    const started = performance.now();
    const result = await this.post(webhook, job.id, body, at);
    const durationMs = Math.round(performance.now() - started);
    const outcome: WebhookDeliveryOutcome =
      result.kind === 'delivered'
        ? 'delivered'
        : result.kind === 'transient' && attempt < job.attempts
          ? 'retrying'
          : 'failed';

    await this.record(data, job, {
      webhookId: webhook.id,
      jobId: job.id,
      attempt,
      at,
      url: webhook.address,
      ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }),
      durationMs,
      outcome,
      ...(result.kind === 'delivered' ? {} : { error: result.error }),
    });

    const summary = `webhook ${webhook.id} delivery ${job.id} attempt ${attempt}: ${outcome}`;
    switch (result.kind) {
      case 'delivered':
        this.logger.debug(`${summary} (${result.statusCode})`);
        return;
      case 'transient':
        this.logger.warn(`${summary}: ${result.error}`);
        throw new Error(`webhook ${webhook.id}: ${result.error}`);
      case 'permanent':
        this.logger.warn(`${summary}: ${result.error}`);
        throw new UnrecoverableError(`webhook ${webhook.id}: ${result.error}`);
    }
  }

  private async webhook(webhookId: string): Promise<WebhookDefinition> {
    const { state } = await readState(this.store, webhookStream(webhookId), webhookDecider);
    switch (state.status) {
      case 'Active':
        return state.webhook;
      case 'Deleted':
        throw new UnrecoverableError(`webhook ${webhookId} was deleted: nothing to call`);
      case 'None':
        throw new UnrecoverableError(`webhook ${webhookId} does not exist: nothing to call`);
    }
  }

  private async post(webhook: WebhookDefinition, deliveryId: string, body: string, at: number): Promise<AttemptResult> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      'X-Vigil-Delivery': deliveryId,
      'X-Vigil-Timestamp': String(Math.floor(at / 1_000)),
    };
    if (webhook.token !== undefined) {
      headers['X-Vigil-Signature'] = webhookSignature(webhook.token, Buffer.from(body, 'utf8'));
    }
    let response: Response;
    try {
      response = await fetch(webhook.address, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual', // a redirect would carry the signature elsewhere
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { kind: 'transient', error: this.describeFailure(error) };
    }
    await response.body?.cancel().catch(() => undefined); // the answer's content is not used: free the connection
    const statusCode = response.status;
    if (statusCode >= 200 && statusCode < 300) {
      return { kind: 'delivered', statusCode };
    }
    if (statusCode >= 500 || statusCode === 429) {
      return { kind: 'transient', statusCode, error: `answered ${statusCode}` };
    }
    return { kind: 'permanent', statusCode, error: `answered ${statusCode}` };
  }

  /**
   * A time-out or a connection failure, named by its code only (never the request, which holds the signature). Read
   * by shape, not `instanceof`: fetch's errors may come from another realm (as under jest).
   */
  private describeFailure(error: unknown): string {
    const { name, cause } = (typeof error === 'object' && error !== null ? error : {}) as {
      name?: unknown;
      cause?: unknown;
    };
    if (name === 'TimeoutError' || name === 'AbortError') {
      return `no answer within ${this.timeoutMs} ms`;
    }
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    return `connection failed${typeof code === 'string' ? ` (${code})` : ''}`;
  }

  private async record(
    data: RuleActionJobData<'CallWebhook'>,
    job: RuleActionJobInfo,
    attempted: WebhookDeliveryAttempted['data'],
  ): Promise<void> {
    const event: WebhookDeliveryAttempted = { type: 'WebhookDeliveryAttempted', data: attempted };
    await this.store.append(
      webhookDeliveryStream(attempted.webhookId),
      [
        {
          id: deterministicUuid(`webhookdelivery:${job.id}:${attempted.attempt}`),
          type: event.type,
          data: event.data,
          metadata: { causationId: data.firingEventId, correlationId: data.correlationId },
        },
      ],
      'any',
    );
  }
}
