export * from './notification-profile';
export * from './notification-profile.errors';
export * from './notification-profile.events';
export * from './notification-profile.decider';
export * from './mail-server-settings';
export * from './notification.render';
export * from './notification-rate-limit';
export * from './notification.events';
