/** A finished media segment: its file and the wall-clock times (epoch ms) of its first frame and of its end. */
export type Segment = Readonly<{ file: string; start: number; end: number }>;

/**
 * One line of ffmpeg's CSV segment list (`-segment_list_type csv`): `<file>,<start seconds>,<end seconds>`. With
 * `-use_wallclock_as_timestamps 1 -copyts` the times are the arrival times of the frames, in seconds since the epoch.
 * Returns undefined for a line that is not a segment entry.
 */
export const parseSegmentListLine = (line: string): { name: string; start: number; end: number } | undefined => {
  const match = /^(.+),(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(line.trim());
  if (match === null) {
    return undefined;
  }
  const start = Math.round(Number(match[2]) * 1000);
  const end = Math.round(Number(match[3]) * 1000);
  return Number.isFinite(start) && Number.isFinite(end) && end >= start
    ? { name: match[1] as string, start, end }
    : undefined;
};

/** ffmpeg names its input in errors: the credentials of an rtsp://user:password@host URL are masked before logging. */
export const redactUrlCredentials = (text: string): string =>
  text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
