export * from './input-event';
export * from './rule-index';
export * from './rule-evaluation';
