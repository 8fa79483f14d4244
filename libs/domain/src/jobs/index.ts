export * from './queues';
export * from './job-payload.errors';
export * from './job-payload.parse';
export * from './rule-action-jobs';
export * from './recorder-jobs';
export * from './rule-timer-jobs';
export * from './alarm-jobs';
export * from './ptz-jobs';
