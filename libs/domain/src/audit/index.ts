export * from './audit.events';
export * from './audit-entry';
