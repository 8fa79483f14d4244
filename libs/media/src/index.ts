export * from './onvif';
export * from './simulator';
export * from './ffmpeg';
