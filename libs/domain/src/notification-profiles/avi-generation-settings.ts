import type { AccessCommand, AccessDecider, AccessDomainEvent, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import { NotificationProfileError } from './notification-profile.errors';

/**
 * How notification e-mails encode their AVI clips (FEATURES 4.6, S2:10683-10696, the AVI Generation tab): the
 * compressor, and the compression quality, keyframe interval and data rate where the compressor has them (the seed's
 * "Not available for all codecs"). One settings stream `settings-avigeneration`; until it is set, the defaults apply.
 */

export const AVI_GENERATION_SETTINGS_STREAM = 'settings-avigeneration'; // persisted: do not rename

/**
 * The compressors on offer (the seed lists the codecs installed on the server; ours are the encoders every ffmpeg
 * build has, in AVI with the FourCC players know). Persisted: do not rename.
 */
export const AVI_COMPRESSORS = {
  mjpeg: { label: 'Motion JPEG', quality: true, keyframes: false, dataRate: true },
  mpeg4: { label: 'MPEG-4 Part 2 (Xvid compatible)', quality: true, keyframes: true, dataRate: true },
  cinepak: { label: 'Cinepak', quality: false, keyframes: true, dataRate: false },
} as const satisfies Readonly<
  Record<string, Readonly<{ label: string; quality: boolean; keyframes: boolean; dataRate: boolean }>>
>;
export type AviCompressor = keyof typeof AVI_COMPRESSORS;

export type AviGenerationSettings = Readonly<{
  compressor: AviCompressor;
  /** 0 = no compression (best image, largest file) to 100 = maximum compression (S2:10690); null: the codec's own. */
  compressionQuality: number | null;
  /** A keyframe every N frames; null: every frame is a whole picture (S2:10692). */
  keyframeEvery: number | null;
  /** Kilobytes per second; null: the codec decides (S2:10694). */
  dataRateKBps: number | null;
}>;

/** Inferred (the seed names none): Motion JPEG at light compression, what the clips were before these settings. */
export const DEFAULT_AVI_GENERATION_SETTINGS: AviGenerationSettings = {
  compressor: 'mjpeg',
  compressionQuality: 10,
  keyframeEvery: null,
  dataRateKBps: null,
};

export const AVI_KEYFRAME_EVERY_MAX = 1_000;
export const AVI_DATA_RATE_KBPS_MAX = 100_000;

export type AviGenerationSettingsChanged = AccessDomainEvent<
  'AviGenerationSettingsChanged', // persisted: do not rename
  AviGenerationSettings & { byUserId: string; at: EpochMs }
>;
export type AviGenerationSettingsEvent = AviGenerationSettingsChanged;
export const AVI_GENERATION_SETTINGS_EVENT_TYPES = [
  'AviGenerationSettingsChanged',
] as const satisfies readonly AviGenerationSettingsEvent['type'][];

export type ConfigureAviGeneration = AccessCommand<
  'ConfigureAviGeneration',
  { settings: AviGenerationSettings; byUserId: string; now: EpochMs }
>;

export type AviGenerationState = Readonly<{ settings: AviGenerationSettings }>;

const isCompressor = (value: unknown): value is AviCompressor =>
  typeof value === 'string' && Object.hasOwn(AVI_COMPRESSORS, value);

/** Every problem of typed settings, as 'field: explanation'; a setting the compressor does not have must be null. */
export const aviGenerationSettingsProblems = (settings: AviGenerationSettings): string[] => {
  const problems: string[] = [];
  const compressor = AVI_COMPRESSORS[settings.compressor];
  const check = (
    field: 'compressionQuality' | 'keyframeEvery' | 'dataRateKBps',
    available: boolean,
    [min, max]: readonly [number, number],
  ): void => {
    const value = settings[field];
    if (value === null) {
      return;
    }
    if (!available) {
      problems.push(`${field}: not available for ${compressor.label} (leave it null)`);
    } else if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${field}: an integer from ${min} to ${max}, or null`);
    }
  };
  check('compressionQuality', compressor.quality, [0, 100]);
  check('keyframeEvery', compressor.keyframes, [1, AVI_KEYFRAME_EVERY_MAX]);
  check('dataRateKBps', compressor.dataRate, [1, AVI_DATA_RATE_KBPS_MAX]);
  return problems;
};

const invalid = (problems: readonly string[]): NotificationProfileError =>
  new NotificationProfileError('AVI_GENERATION_SETTINGS_INVALID', problems.join('; '), { problems });

const sameSettings = (a: AviGenerationSettings, b: AviGenerationSettings): boolean =>
  (Object.keys(a) as (keyof AviGenerationSettings)[]).every((key) => a[key] === b[key]);

export const aviGenerationDecider = {
  decide: (command: ConfigureAviGeneration, state: AviGenerationState): AviGenerationSettingsEvent[] => {
    switch (command.type) {
      case 'ConfigureAviGeneration': {
        const { settings, byUserId, now } = command.data;
        const problems = aviGenerationSettingsProblems(settings);
        if (problems.length > 0) {
          throw invalid(problems);
        }
        return sameSettings(state.settings, settings)
          ? []
          : [{ type: 'AviGenerationSettingsChanged', data: { ...settings, byUserId, at: now } }];
      }
      default:
        return assertNever(command.type);
    }
  },
  evolve: (_state: AviGenerationState, event: AviGenerationSettingsEvent): AviGenerationState => {
    switch (event.type) {
      case 'AviGenerationSettingsChanged': {
        const { compressor, compressionQuality, keyframeEvery, dataRateKBps } = event.data;
        return { settings: { compressor, compressionQuality, keyframeEvery, dataRateKBps } };
      }
      default:
        return assertNever(event.type);
    }
  },
  initialState: (): AviGenerationState => ({ settings: DEFAULT_AVI_GENERATION_SETTINGS }),
} satisfies AccessDecider<AviGenerationState, ConfigureAviGeneration, AviGenerationSettingsEvent>;

const FIELDS: ReadonlySet<string> = new Set(['compressor', 'compressionQuality', 'keyframeEvery', 'dataRateKBps']);

/**
 * Reads the settings from untrusted input (an HTTP body), every problem at once. Omitted numbers are null (the
 * codec decides); the compressor is required.
 */
export const readAviGenerationSettings = (input: unknown): AviGenerationSettings => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid(['body: must be a JSON object']);
  }
  const raw = input as Record<string, unknown>;
  const problems = Object.keys(raw)
    .filter((key) => !FIELDS.has(key))
    .map((key) => `${key}: unknown field`);
  if (!isCompressor(raw.compressor)) {
    problems.push(`compressor: one of ${Object.keys(AVI_COMPRESSORS).join(', ')}`);
  }
  const numberOrNull = (field: string): number | null => {
    const value = raw[field];
    if (value === undefined || value === null) {
      return null;
    }
    if (typeof value !== 'number') {
      problems.push(`${field}: must be a number or null`);
      return null;
    }
    return value;
  };
  const settings: AviGenerationSettings = {
    compressor: isCompressor(raw.compressor) ? raw.compressor : DEFAULT_AVI_GENERATION_SETTINGS.compressor,
    compressionQuality: numberOrNull('compressionQuality'),
    keyframeEvery: numberOrNull('keyframeEvery'),
    dataRateKBps: numberOrNull('dataRateKBps'),
  };
  const all = isCompressor(raw.compressor) ? [...problems, ...aviGenerationSettingsProblems(settings)] : problems;
  if (all.length > 0) {
    throw invalid(all);
  }
  return settings;
};
