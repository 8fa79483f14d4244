export * from './alarm-settings';
export * from './alarm-settings.errors';
export * from './alarm-settings.events';
export * from './alarm-settings.decider';
export * from './alarm-definition';
export * from './alarm-definition.errors';
export * from './alarm-definition.events';
export * from './alarm-definition.decider';
