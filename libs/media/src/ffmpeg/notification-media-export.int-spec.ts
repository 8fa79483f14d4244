// Still images and AVI clips cut from real recorded segments with real ffmpeg: the frames come from the right
// second of the recording (each segment is one solid colour), the clip has the asked length and frame rate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { averageColour, nearestColour, writeColourSegments } from '../testing/colour-segments.fixture';
import { keyframeIndexes, probeVideo } from '../testing/video-probe.fixture';
import { exportAviClip, type AviEncoding } from './avi-clip-export';
import type { Segment } from './segment-list';
import { exportStillImage } from './still-image-export';

const T = 1_800_000_000_000;
const MJPEG: AviEncoding = { compressor: 'mjpeg', compressionQuality: 10, keyframeEvery: null, dataRateKBps: null };

describe('still images and AVI clips from recorded segments', () => {
  let root: string;
  let segments: Segment[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'vigil-media-export-'));
    // Given six seconds recorded from T: red, lime, blue, yellow, magenta, cyan
    segments = await writeColourSegments(root, T, 6);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the frame shown at an instant as a JPEG, from the segment that holds it', async () => {
    // When a still is taken 2.3 s and 4.96 s into the recording
    const early = join(root, 'early.jpg');
    const late = join(root, 'late.jpg');
    const wroteEarly = await exportStillImage(segments[2] as Segment, T + 2_300, early);
    const wroteLate = await exportStillImage(segments[4] as Segment, T + 4_960, late);

    // Then each is a JPEG of that second's colour
    expect([wroteEarly, wroteLate]).toEqual([true, true]);
    expect(probeVideo(early)).toMatchObject({ codec: 'mjpeg', width: 160 });
    expect(nearestColour(await averageColour(early))).toBe('blue');
    expect(nearestColour(await averageColour(late))).toBe('magenta');
  });

  it('says so when the segment has no frame from the instant on', async () => {
    const output = join(root, 'none.jpg');

    const wrote = await exportStillImage(segments[0] as Segment, T + 5_000, output);

    expect(wrote).toBe(false);
  });

  it('writes an MJPEG AVI of the range at the asked frame rate, cut frame-exact across segments', async () => {
    // When the clip from 1.5 s to 4.5 s into the recording is written at 5 fps
    const output = join(root, 'clip.avi');
    const wrote = await exportAviClip(
      segments.slice(1, 5).map((segment) => segment.file),
      { offsetMs: 500, durationMs: 3_000, frameRate: 5 },
      MJPEG,
      output,
    );

    // Then it holds 3 s at 5 fps, from lime (second 1) to magenta (second 4)
    expect(wrote).toBe(true);
    const { codec, frames } = probeVideo(output);
    expect(codec).toBe('mjpeg');
    expect(frames).toBeGreaterThanOrEqual(14);
    expect(frames).toBeLessThanOrEqual(16);
    expect(nearestColour(await averageColour(output, 0))).toBe('lime');
    expect(nearestColour(await averageColour(output, frames - 1))).toBe('magenta');
  });

  it.each([
    ['mpeg4', 'mpeg4', 5, 3],
    ['cinepak', 'cinepak', null, 15],
  ] as const)(
    'encodes with the %s compressor and its keyframe interval (AVI generation settings)',
    async (compressor, codec, keyframeEvery, expectedKeyframes) => {
      const output = join(root, `clip-${compressor}.avi`);

      await exportAviClip(
        segments.map((segment) => segment.file),
        { offsetMs: 0, durationMs: 3_000, frameRate: 5 },
        { compressor, compressionQuality: null, keyframeEvery, dataRateKBps: null },
        output,
      );

      expect(probeVideo(output)).toMatchObject({ codec, frames: 15 });
      expect(keyframeIndexes(output)).toHaveLength(expectedKeyframes);
      expect(nearestColour(await averageColour(output, 0))).toBe('red');
    },
  );
});
