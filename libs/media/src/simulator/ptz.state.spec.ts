import { DEFAULT_PRESETS, PtzState } from './ptz.state';

describe('PtzState', () => {
  let now: number;
  let sut: PtzState;
  beforeEach(() => {
    now = 0;
    sut = new PtzState(() => now);
  });

  it('goes to a preset at once and refuses an unknown one', () => {
    expect(sut.gotoPreset('2')).toBe(true);
    expect(sut.position()).toEqual(DEFAULT_PRESETS[1]?.position);
    expect(sut.gotoPreset('99')).toBe(false);
    expect(sut.position()).toEqual(DEFAULT_PRESETS[1]?.position);
  });

  it('integrates a continuous move with the clock until its timeout, clamped to the range', () => {
    // given a pan right at 0.5/s for 1 s
    sut.continuousMove({ x: 0.5, y: -2, zoom: 0 }, 1000);

    // when time passes
    now = 500;
    expect(sut.position()).toEqual({ x: 0.25, y: -1, zoom: 0 });
    expect(sut.isMoving()).toBe(true);
    now = 5000;

    // then it stopped at the timeout, tilt clamped at -1
    expect(sut.position()).toEqual({ x: 0.5, y: -1, zoom: 0 });
    expect(sut.isMoving()).toBe(false);
  });

  it('freezes where Stop finds it', () => {
    sut.continuousMove({ x: 0, y: 0, zoom: 0.2 });
    now = 1000;
    sut.stop();
    now = 9000;
    expect(sut.position().zoom).toBeCloseTo(0.2);
  });

  it('stores presets at the current position, new or replaced, and a home position', () => {
    sut.absoluteMove({ x: 0.1, y: 0.2, zoom: 0.3 });
    const token = sut.setPreset('Door', undefined);
    expect(token).toBe('4');
    sut.setHome();
    sut.relativeMove({ x: 0.5, y: 0, zoom: 0 });
    expect(sut.setPreset(undefined, '1')).toBe('1');
    expect(sut.presets().find((preset) => preset.token === '1')).toEqual({
      token: '1',
      name: 'Entrance',
      position: { x: 0.6, y: 0.2, zoom: 0.3 },
    });
    expect(sut.setPreset('x', '77')).toBeUndefined();
    sut.gotoHome();
    expect(sut.position()).toEqual({ x: 0.1, y: 0.2, zoom: 0.3 });
    expect(sut.removePreset('4')).toBe(true);
    expect(sut.gotoPreset('4')).toBe(false);
  });
});
