export * from './shared';
export * from './event-store';
