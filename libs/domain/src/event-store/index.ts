export * from './event-store.port';
export * from './event-store.errors';
export * from './global-position';
export * from './event-filter';
export * from './expected-revision';
export * from './prepare-append';
