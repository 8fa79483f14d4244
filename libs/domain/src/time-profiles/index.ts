export * from './time-profile';
export * from './time-profile.errors';
export * from './time-profile.evaluate';
export * from './time-profile.events';
export * from './time-profile.decider';
export { instantOfWallClock, isValidTimeZone, localDayAt, timeZoneOffsetMs, wallClockAt } from './time-zone';
