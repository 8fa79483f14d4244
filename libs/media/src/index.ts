export * from './simulator';
export * from './ffmpeg';
