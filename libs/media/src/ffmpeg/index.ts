export { exportMp4 } from './mp4-export';
export {
  readRecordingIndex,
  readRecordingSessions,
  recordedSegmentsBetween,
  RECORDING_INDEX_FILE,
  RECORDING_SESSIONS_FILE,
  RecordingWriter,
  writeRecordingIndex,
} from './recording-writer';
export {
  deleteRecordingSegments,
  scanRecordingStorage,
  type RecordingFolder,
  type RecordingStorageScan,
  type StoredSegmentFile,
} from './recording-storage';
export { RtspSegmenter, type RtspSegmenterOptions, type StreamGap, type StreamLossReason } from './rtsp-segmenter';
export { parseSegmentListLine, type Segment } from './segment-list';
export { SegmentRing } from './segment-ring';
export { aviEncoderArguments, exportAviClip, type AviEncoding, type ClipRange } from './avi-clip-export';
export { runFfmpeg } from './ffmpeg.runner';
export { exportStillImage } from './still-image-export';
