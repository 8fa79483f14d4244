export * from './domain-error';
export * from './assert-never';
export * from './token-bucket';
