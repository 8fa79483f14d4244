// What ffprobe says of a video file's first video stream, for tests that check what was written.
import { execFileSync } from 'node:child_process';

export type ProbedVideo = Readonly<{ codec: string; tag: string; width: number; frames: number }>;

const ffprobe = (file: string, args: readonly string[]): string =>
  execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', ...args, '-of', 'json', file], {
    encoding: 'utf8',
  });

/** Its codec, FourCC, width and number of frames (counted by decoding). */
export const probeVideo = (file: string): ProbedVideo => {
  const output = JSON.parse(
    ffprobe(file, ['-count_frames', '-show_entries', 'stream=codec_name,codec_tag_string,width,nb_read_frames']),
  ) as { streams: { codec_name?: string; codec_tag_string?: string; width?: number; nb_read_frames?: string }[] };
  const [stream = {}] = output.streams;
  return {
    codec: stream.codec_name ?? '',
    tag: stream.codec_tag_string ?? '',
    width: stream.width ?? 0,
    frames: Number(stream.nb_read_frames ?? 0),
  };
};

/** The indexes of its keyframes, in order (from the packets' K flag). */
export const keyframeIndexes = (file: string): number[] => {
  const output = JSON.parse(ffprobe(file, ['-show_entries', 'packet=flags'])) as { packets: { flags?: string }[] };
  return output.packets.flatMap((packet, index) => (packet.flags?.startsWith('K') === true ? [index] : []));
};
