export * from './recording.events';
export * from './recording-session';
export * from './pre-buffer';
export * from './communication';
export * from './recording-playback';
export * from './storage.events';
export * from './storage-retention';
export * from './manual-recording';
