import { existsSync, lstatSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { readRecordingIndex, RECORDING_INDEX_FILE, writeRecordingIndex } from './recording-writer';
import type { Segment } from './segment-list';

/** A recorded segment on disk: its size, and `shared` while another link (the ring's) holds its file. */
export type StoredSegmentFile = Segment & Readonly<{ bytes: number; shared: boolean }>;

export type RecordingFolder = Readonly<{
  cameraId: string;
  recordingId: string;
  directory: string;
  segments: readonly StoredSegmentFile[];
}>;

export type RecordingStorageScan = Readonly<{
  folders: readonly RecordingFolder[];
  /** Every file under the storage path, each inode once (hard links are one file), pre-buffer included. */
  usedBytes: number;
  /** What the file system has left for us. */
  freeBytes: number;
}>;

const subdirectories = (directory: string): string[] =>
  existsSync(directory)
    ? readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
    : [];

const sizeOf = (file: string): { bytes: number; shared: boolean } => {
  try {
    const stat = lstatSync(file);
    return { bytes: stat.size, shared: stat.nlink > 1 };
  } catch {
    return { bytes: 0, shared: false }; // already gone
  }
};

const usedBytesUnder = (root: string): number => {
  const seen = new Set<string>();
  let total = 0;
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      try {
        if (entry.isDirectory()) {
          visit(path);
        } else if (entry.isFile()) {
          const stat = lstatSync(path);
          const inode = `${stat.dev}:${stat.ino}`;
          if (!seen.has(inode)) {
            seen.add(inode);
            total += stat.size;
          }
        }
      } catch {
        // deleted while we walked (the pre-buffer ring turns every second): it no longer counts
      }
    }
  };
  if (existsSync(root)) {
    visit(root);
  }
  return total;
};

/**
 * What a recording storage (`<root>/<cameraId>/<recordingId>/`, FEATURES 6.3) holds: its recording folders with
 * their segments (from each folder's index), how much it uses and how much the disk has free. Folders whose name
 * starts with a dot (the pre-buffer's `.prebuffer`) are not recordings: they only count in the usage.
 */
export const scanRecordingStorage = (root: string): RecordingStorageScan => {
  const folders: RecordingFolder[] = [];
  for (const cameraId of subdirectories(root)) {
    for (const recordingId of subdirectories(join(root, cameraId))) {
      const directory = join(root, cameraId, recordingId);
      if (!existsSync(join(directory, RECORDING_INDEX_FILE))) {
        continue;
      }
      const segments = readRecordingIndex(directory).map((segment) => ({
        ...segment,
        ...sizeOf(segment.file),
      }));
      folders.push({ cameraId, recordingId, directory, segments });
    }
  }
  const disk = statfsSync(existsSync(root) ? root : '.');
  return { folders, usedBytes: usedBytesUnder(root), freeBytes: disk.bavail * disk.bsize };
};

/**
 * Deletes the oldest segments of a recording folder (or the whole folder): the files first, then the index, so a
 * crash in between leaves an index naming files that are gone (deleted again, for nothing, by the next run) rather
 * than files no index names (never deleted). Deleting what is already gone does nothing: a replay is harmless.
 */
export const deleteRecordingSegments = (directory: string, segments: readonly Segment[], whole: boolean): void => {
  if (whole) {
    rmSync(directory, { recursive: true, force: true });
    return;
  }
  segments.forEach((segment) => rmSync(segment.file, { force: true }));
  if (!existsSync(join(directory, RECORDING_INDEX_FILE))) {
    return;
  }
  const gone = new Set(segments.map((segment) => segment.start));
  writeRecordingIndex(
    directory,
    readRecordingIndex(directory).filter((segment) => !gone.has(segment.start)),
  );
};
