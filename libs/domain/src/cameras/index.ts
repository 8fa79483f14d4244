export * from './camera';
export * from './camera.errors';
export * from './camera.events';
export * from './camera.decider';
export * from './device-group';
export * from './device-group.events';
export * from './device-group.decider';
export * from './hardware-catalog';
