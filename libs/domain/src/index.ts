export * from './shared';
export * from './event-store';
export * from './jobs';
export * from './access';
export * from './audit';
export * from './generic-events';
