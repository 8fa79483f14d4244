export * from './recording.events';
export * from './recording-session';
export * from './pre-buffer';
export * from './communication';
export * from './manual-recording';
