// Recorded segments whose content says when they were recorded: segment i is one second of one solid colour, so a
// still image or a clip frame shows which second of the recording it came from. Real H.264 in MPEG-TS, an IDR at
// the start of each segment, as the recorder writes them.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runFfmpeg } from '../ffmpeg/ffmpeg.runner';
import type { Segment } from '../ffmpeg/segment-list';

export type Rgb = readonly [number, number, number];

/** Far apart in RGB, so a JPEG round trip never makes one look like another. */
export const SEGMENT_COLOURS: readonly Readonly<{ name: string; rgb: Rgb }>[] = [
  { name: 'red', rgb: [255, 0, 0] },
  { name: 'lime', rgb: [0, 255, 0] },
  { name: 'blue', rgb: [0, 0, 255] },
  { name: 'yellow', rgb: [255, 255, 0] },
  { name: 'magenta', rgb: [255, 0, 255] },
  { name: 'cyan', rgb: [0, 255, 255] },
  { name: 'white', rgb: [255, 255, 255] },
  { name: 'black', rgb: [0, 0, 0] },
];

/** `count` one-second segments in `directory`, the first starting at `start` (epoch ms), coloured in turn. */
export const writeColourSegments = async (directory: string, start: number, count: number): Promise<Segment[]> => {
  mkdirSync(directory, { recursive: true });
  const segments: Segment[] = [];
  for (let index = 0; index < count; index += 1) {
    const colour = SEGMENT_COLOURS[index % SEGMENT_COLOURS.length] as (typeof SEGMENT_COLOURS)[number];
    const file = join(directory, `colour-${index}.ts`);
    await runFfmpeg(
      [
        ['-f', 'lavfi', '-i', `color=c=${colour.name}:size=160x120:rate=25`, '-t', '1'],
        [
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-g',
          '25',
          '-bf',
          '0',
          '-pix_fmt',
          'yuv420p',
          '-f',
          'mpegts',
          file,
        ],
      ].flat(),
    );
    segments.push({ file, start: start + index * 1_000, end: start + (index + 1) * 1_000 });
  }
  return segments;
};

/** The colour of an image or of a video's frame `frame` (0 = first), averaged over the picture. */
export const averageColour = async (file: string, frame = 0): Promise<Rgb> => {
  const pixel = `${file}.${frame}.rgb`;
  try {
    await runFfmpeg([
      '-i',
      file,
      '-vf',
      `select=eq(n\\,${frame}),scale=1:1`,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      pixel,
    ]);
    const [r = 0, g = 0, b = 0] = readFileSync(pixel);
    return [r, g, b];
  } finally {
    rmSync(pixel, { force: true });
  }
};

/** The name of the fixture colour nearest to `rgb`. */
export const nearestColour = (rgb: Rgb): string => {
  const distance = (other: Rgb): number =>
    other.reduce((sum, value, channel) => sum + (value - (rgb[channel] ?? 0)) ** 2, 0);
  return [...SEGMENT_COLOURS].sort((a, b) => distance(a.rgb) - distance(b.rgb))[0]?.name ?? '';
};
