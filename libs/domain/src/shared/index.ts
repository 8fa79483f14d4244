export * from './domain-error';
export * from './assert-never';
export * from './token-bucket';
export * from './group-by';
export * from './skipped-event';
