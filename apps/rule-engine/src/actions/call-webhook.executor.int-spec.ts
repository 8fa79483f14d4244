import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  webhookDecider,
  webhookDeliveryStream,
  webhookPayload,
  webhookStream,
  type RuleActionJobData,
  type StoredEvent,
  type WebhookDefinition,
} from '@vigil/domain';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { deterministicUuid, EVENT_STORE, handleCommand, PostgresEventStore } from '@vigil/infrastructure';
import { UnrecoverableError } from 'bullmq';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { CallWebhookExecutor } from './call-webhook.executor';
import type { RuleActionJobInfo } from './rule-action.executor';

type Received = Readonly<{ path: string; headers: IncomingHttpHeaders; body: Buffer }>;

/**
 * A real HTTP receiver on a free port. `/status/<code>` answers that status; `/hang` never answers. Every request
 * is kept with its raw body bytes.
 */
const startReceiver = async (): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> => {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
      if (path === '/hang') {
        hanging.push(response);
        return;
      }
      response.statusCode = Number(/^\/status\/(\d{3})$/.exec(path)?.[1] ?? 200);
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        hanging.forEach((response) => response.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A port on which nothing listens: bound, then released. */
const refusedUrl = async (): Promise<string> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
};

const failureOf = async (run: Promise<unknown>): Promise<Error> => {
  try {
    await run;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the job to fail, but it succeeded');
};

const TOKEN = 'webhook-secret-token-value';

describe('CallWebhookExecutor', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sut: CallWebhookExecutor;

  const aWebhook = async (address: string, token?: string): Promise<WebhookDefinition> => {
    const webhook: WebhookDefinition = {
      id: randomUUID(),
      name: `hook ${randomUUID()}`,
      address,
      apiVersion: 'v1',
      ...(token === undefined ? {} : { token }),
    };
    await handleCommand(store, webhookStream(webhook.id), webhookDecider, {
      type: 'CreateWebhook',
      data: { webhook, byUserId: 'admin', now: Date.now() },
    });
    return webhook;
  };

  const aJob = (webhookId: string): RuleActionJobData<'CallWebhook'> => ({
    ruleId: randomUUID(),
    ruleName: 'Tell the ticketing system',
    ruleVersion: 2,
    phase: 'start',
    triggeringEventId: randomUUID(),
    triggeringEventType: 'MotionStarted',
    firingEventId: randomUUID(),
    correlationId: randomUUID(),
    at: Date.UTC(2026, 2, 1, 12, 0, 0),
    sourceDeviceId: 'cam-entrance',
    deviceIds: ['cam-entrance'],
    webhookId,
  });

  const firstAttempt = (): RuleActionJobInfo => ({ id: `CallWebhook_${randomUUID()}`, attemptsMade: 0, attempts: 5 });

  const deliveries = (webhookId: string): Promise<StoredEvent[]> =>
    readAllOf(store.readStream(webhookDeliveryStream(webhookId)));

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
    receiver = await startReceiver();
    sut = new CallWebhookExecutor(store);
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
    await database.drop();
  });

  it('POSTs the v1 body signed with the token over the exact bytes, and records the delivery', async () => {
    // Given a webhook with a token, and a job
    const webhook = await aWebhook(`${receiver.url}/hooks/signed`, TOKEN);
    const data = aJob(webhook.id);
    const job = firstAttempt();

    // When the job runs
    await sut.execute(data, job);

    // Then the receiver got the body, verifiable with the token against the raw bytes it received
    const request = receiver.received.find((candidate) => candidate.path === '/hooks/signed');
    expect(request).toBeDefined();
    const { headers, body } = request as Received;
    const expected = Buffer.from(`sha256=${createHmac('sha256', TOKEN).update(body).digest('hex')}`);
    const signature = Buffer.from(String(headers['x-vigil-signature']));
    expect(signature.length === expected.length && timingSafeEqual(signature, expected)).toBe(true);
    expect(JSON.parse(body.toString('utf8'))).toEqual(webhookPayload(data, webhook, job.id));
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-vigil-delivery']).toBe(job.id);
    expect(Number(headers['x-vigil-timestamp'])).toBeGreaterThan(1_700_000_000);
    // And the attempt is in the delivery log, caused by the firing, under the id derived from (job, attempt)
    const [recorded, ...more] = await deliveries(webhook.id);
    expect(more).toEqual([]);
    expect(recorded).toMatchObject({
      id: deterministicUuid(`webhookdelivery:${job.id}:1`),
      type: 'WebhookDeliveryAttempted',
      data: { webhookId: webhook.id, jobId: job.id, attempt: 1, url: webhook.address, statusCode: 200 },
      metadata: { causationId: data.firingEventId, correlationId: data.correlationId },
    });
    expect((recorded as StoredEvent).data).toMatchObject({ outcome: 'delivered' });
    expect(JSON.stringify({ data: recorded?.data, metadata: recorded?.metadata })).not.toContain(TOKEN);
  });

  it('sends no signature when the webhook has no token', async () => {
    const webhook = await aWebhook(`${receiver.url}/hooks/unsigned`);

    await sut.execute(aJob(webhook.id), firstAttempt());

    const request = receiver.received.find((candidate) => candidate.path === '/hooks/unsigned');
    expect(request?.headers['x-vigil-signature']).toBeUndefined();
    expect(request?.headers['x-vigil-delivery']).toBeDefined();
  });

  it('throws a retryable error on a 500 and logs the attempt as retrying, then as failed on the last attempt', async () => {
    const webhook = await aWebhook(`${receiver.url}/status/500`, TOKEN);
    const data = aJob(webhook.id);
    const job = firstAttempt();

    const first = await failureOf(sut.execute(data, job));
    const last = await failureOf(sut.execute(data, { ...job, attemptsMade: 4 }));

    expect(first).toBeInstanceOf(Error);
    expect(first).not.toBeInstanceOf(UnrecoverableError);
    expect(first.message).toContain('answered 500');
    expect(first.message).not.toContain(TOKEN);
    expect(last).not.toBeInstanceOf(UnrecoverableError);
    expect((await deliveries(webhook.id)).map((event) => event.data)).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 500, outcome: 'retrying', error: 'answered 500' }),
      expect.objectContaining({ attempt: 5, statusCode: 500, outcome: 'failed', error: 'answered 500' }),
    ]);
  });

  it('retries on 429 too', async () => {
    const webhook = await aWebhook(`${receiver.url}/status/429`);

    const failure = await failureOf(sut.execute(aJob(webhook.id), firstAttempt()));

    expect(failure).not.toBeInstanceOf(UnrecoverableError);
    expect(failure.message).toContain('answered 429');
  });

  it('gives up at once on a 404: UnrecoverableError, recorded as failed', async () => {
    const webhook = await aWebhook(`${receiver.url}/status/404`, TOKEN);

    const failure = await failureOf(sut.execute(aJob(webhook.id), firstAttempt()));

    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect(failure.message).toContain('answered 404');
    expect((await deliveries(webhook.id)).map((event) => event.data)).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 404, outcome: 'failed' }),
    ]);
  });

  it('refuses an unknown or deleted webhook with UnrecoverableError, calling nothing', async () => {
    const deleted = await aWebhook(`${receiver.url}/hooks/deleted`);
    await handleCommand(store, webhookStream(deleted.id), webhookDecider, {
      type: 'DeleteWebhook',
      data: { webhookId: deleted.id, usedBy: [], byUserId: 'admin', now: Date.now() },
    });
    const unknownId = randomUUID();

    const unknown = await failureOf(sut.execute(aJob(unknownId), firstAttempt()));
    const gone = await failureOf(sut.execute(aJob(deleted.id), firstAttempt()));

    expect(unknown).toBeInstanceOf(UnrecoverableError);
    expect(unknown.message).toBe(`webhook ${unknownId} does not exist: nothing to call`);
    expect(gone).toBeInstanceOf(UnrecoverableError);
    expect(gone.message).toBe(`webhook ${deleted.id} was deleted: nothing to call`);
    expect(receiver.received.some((request) => request.path === '/hooks/deleted')).toBe(false);
  });

  it('throws a retryable error when the connection is refused, and records the attempt without a status', async () => {
    const webhook = await aWebhook(await refusedUrl(), TOKEN);

    const failure = await failureOf(sut.execute(aJob(webhook.id), firstAttempt()));

    expect(failure).not.toBeInstanceOf(UnrecoverableError);
    expect(failure.message).toContain('ECONNREFUSED');
    const [recorded] = await deliveries(webhook.id);
    expect(recorded?.data).toMatchObject({ outcome: 'retrying', error: 'connection failed (ECONNREFUSED)' });
    expect(recorded?.data).not.toHaveProperty('statusCode');
  });

  it('throws a retryable error when the receiver does not answer in time', async () => {
    const impatient = new CallWebhookExecutor(store, 200);
    const webhook = await aWebhook(`${receiver.url}/hang`);

    const failure = await failureOf(impatient.execute(aJob(webhook.id), firstAttempt()));

    expect(failure).not.toBeInstanceOf(UnrecoverableError);
    expect(failure.message).toContain('no answer within 200 ms');
  });

  it('is built by Nest from the EVENT_STORE token alone', async () => {
    @Module({ providers: [{ provide: EVENT_STORE, useValue: store }, CallWebhookExecutor] })
    class ExecutorModule {}
    const context = await NestFactory.createApplicationContext(ExecutorModule, { logger: false });
    const webhook = await aWebhook(`${receiver.url}/hooks/nest`);

    await context.get(CallWebhookExecutor).execute(aJob(webhook.id), firstAttempt());
    await context.close();

    expect(receiver.received.some((request) => request.path === '/hooks/nest')).toBe(true);
  });

  it('records an attempt once when the same attempt runs twice', async () => {
    const webhook = await aWebhook(`${receiver.url}/hooks/twice`, TOKEN);
    const data = aJob(webhook.id);
    const job = firstAttempt();

    await sut.execute(data, job);
    await sut.execute(data, job);

    expect(receiver.received.filter((request) => request.path === '/hooks/twice')).toHaveLength(2);
    expect(await deliveries(webhook.id)).toHaveLength(1);
  });
});
