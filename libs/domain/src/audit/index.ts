export * from './audit.events';
export * from './audit-entry';
export * from './alarm-audit-entry';
