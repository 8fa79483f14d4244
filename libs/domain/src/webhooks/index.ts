export * from './webhook';
export * from './webhook.errors';
export * from './webhook.events';
export * from './webhook.decider';
export * from './webhook-payload';
