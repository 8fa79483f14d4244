export * from './recorder';
export * from './recorder.errors';
export * from './recorder.events';
export * from './recorder.decider';
export * from './recorder-heartbeat';
