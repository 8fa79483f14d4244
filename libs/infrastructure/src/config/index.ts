export * from './common.env';
export * from './env.validation';
export * from './worker.env';
export * from './start-app';
export * from './env-boolean.decorator';
