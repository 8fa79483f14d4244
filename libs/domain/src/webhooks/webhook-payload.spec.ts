import type { RuleActionJobData } from '../jobs/rule-action-jobs';
import { webhookPayload } from './webhook-payload';

const data: RuleActionJobData<'CallWebhook'> = {
  ruleId: 'rule-1',
  ruleName: 'Notify on motion',
  ruleVersion: 3,
  phase: 'start',
  triggeringEventId: 'evt-1',
  triggeringEventType: 'MotionStarted',
  firingEventId: 'fired-1',
  correlationId: 'corr-1',
  at: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  sourceDeviceId: 'cam-1',
  deviceIds: ['cam-1', 'cam-2'],
  webhookId: 'wh-1',
};

describe('webhook payload (v1)', () => {
  it('describes the rule, the event that fired it and the devices, with the delivery id', () => {
    expect(webhookPayload(data, { apiVersion: 'v1' }, 'job-1')).toEqual({
      apiVersion: 'v1',
      deliveryId: 'job-1',
      rule: { id: 'rule-1', name: 'Notify on motion', version: 3 },
      event: { id: 'evt-1', type: 'MotionStarted', at: '2026-01-02T03:04:05.006Z', sourceDeviceId: 'cam-1' },
      deviceIds: ['cam-1', 'cam-2'],
      firingEventId: 'fired-1',
      correlationId: 'corr-1',
    });
  });

  it('sends a null source device when the event had none, and nothing of the webhook itself', () => {
    const { sourceDeviceId: _source, ...withoutSource } = data;

    const body = webhookPayload(withoutSource, { apiVersion: 'v1' }, 'job-2');

    expect(body.event.sourceDeviceId).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/token|address|wh-1/);
  });
});
