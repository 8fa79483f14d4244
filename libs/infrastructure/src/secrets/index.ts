export * from './secret-box';
export * from './secrets-key';
