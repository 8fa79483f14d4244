export * from './rule-log';
