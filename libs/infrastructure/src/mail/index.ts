export * from './mail-sender';
export * from './mail-server.loader';
