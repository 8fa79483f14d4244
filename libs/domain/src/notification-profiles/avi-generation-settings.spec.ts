import {
  aviGenerationDecider,
  DEFAULT_AVI_GENERATION_SETTINGS,
  readAviGenerationSettings,
  type AviGenerationSettings,
} from './avi-generation-settings';
import { NotificationProfileError } from './notification-profile.errors';

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof NotificationProfileError) {
      return (error.details as { problems: string[] }).problems;
    }
    throw error;
  }
  return [];
};

describe('AVI generation settings (FEATURES 4.6)', () => {
  const configure = (settings: AviGenerationSettings, state = aviGenerationDecider.initialState()) =>
    aviGenerationDecider.decide(
      { type: 'ConfigureAviGeneration', data: { settings, byUserId: 'admin', now: 5 } },
      state,
    );

  it('given nothing saved, then the defaults; saving the defaults records nothing', () => {
    expect(aviGenerationDecider.initialState().settings).toEqual(DEFAULT_AVI_GENERATION_SETTINGS);
    expect(configure(DEFAULT_AVI_GENERATION_SETTINGS)).toEqual([]);
  });

  it('records a change, and folds back to it', () => {
    const settings: AviGenerationSettings = {
      compressor: 'mpeg4',
      compressionQuality: 0,
      keyframeEvery: 25,
      dataRateKBps: 512,
    };

    const events = configure(settings);

    expect(events).toEqual([{ type: 'AviGenerationSettingsChanged', data: { ...settings, byUserId: 'admin', at: 5 } }]);
    const state = events.reduce(aviGenerationDecider.evolve, aviGenerationDecider.initialState());
    expect(state.settings).toEqual(settings);
    expect(configure(settings, state)).toEqual([]);
  });

  it('refuses a setting the compressor does not have, and values out of range, every problem at once', () => {
    expect(
      problemsOf(() => configure({ compressor: 'mjpeg', compressionQuality: 101, keyframeEvery: 10, dataRateKBps: 0 })),
    ).toEqual([
      'compressionQuality: an integer from 0 to 100, or null',
      'keyframeEvery: not available for Motion JPEG (leave it null)',
      'dataRateKBps: an integer from 1 to 100000, or null',
    ]);
  });

  it('reads a body: omitted numbers are null; wrong types, unknown fields and compressors are listed', () => {
    expect(readAviGenerationSettings({ compressor: 'cinepak', keyframeEvery: 12 })).toEqual({
      compressor: 'cinepak',
      compressionQuality: null,
      keyframeEvery: 12,
      dataRateKBps: null,
    });
    expect(problemsOf(() => readAviGenerationSettings({ compressor: 'mpeg4', keyframeEvery: '12', extra: 1 }))).toEqual(
      ['extra: unknown field', 'keyframeEvery: must be a number or null'],
    );
    expect(problemsOf(() => readAviGenerationSettings([]))).toEqual(['body: must be a JSON object']);
    expect(problemsOf(() => readAviGenerationSettings({}))).toEqual(['compressor: one of mjpeg, mpeg4, cinepak']);
  });
});
