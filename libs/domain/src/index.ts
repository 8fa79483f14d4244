export * from './shared';
export * from './event-store';
export * from './jobs';
export * from './access';
export * from './audit';
export * from './time-profiles';
export * from './generic-events';
export * from './user-defined-events';
