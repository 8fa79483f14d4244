export * from './input-event';
export * from './rule-index';
export * from './rule-evaluation';
export * from './rule-catalog';
export * from './rule-engine.events';
export * from './engine-step';
export * from './time-triggers';
export * from './action-jobs';
