export * from './ptz.errors';
export * from './ptz.events';
export * from './ptz-session.decider';
