export * from './user-defined-event.events';
export * from './user-defined-event.decider';
