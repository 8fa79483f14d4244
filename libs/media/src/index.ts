export * from './onvif';
export * from './simulator';
