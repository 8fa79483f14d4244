export { exportMp4 } from './mp4-export';
export { RecordingWriter, readRecordingIndex, RECORDING_INDEX_FILE } from './recording-writer';
export { RtspSegmenter, type RtspSegmenterOptions, type StreamGap, type StreamLossReason } from './rtsp-segmenter';
export { parseSegmentListLine, type Segment } from './segment-list';
export { SegmentRing } from './segment-ring';
