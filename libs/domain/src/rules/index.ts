export * from './rule';
export * from './rule.errors';
export * from './rule.validation';
export * from './rule-description';
export * from './rule.events';
export * from './rule.decider';
export * from './default-rules';
