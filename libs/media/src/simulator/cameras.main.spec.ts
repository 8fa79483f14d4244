import { parseCameraArgs } from './cameras.main';

describe('npm run cameras options', () => {
  it('reads numbers and text', () => {
    expect(parseCameraArgs(['--count', '8', '--width', '1920', '--password', 'x y', '--rtsp-port', '0'])).toEqual({
      count: 8,
      width: 1920,
      password: 'x y',
      'rtsp-port': 0,
    });
  });

  it.each([[['--cout', '8']], [['--count']], [['--count', '2.5']], [['--count', '-1']], [['count', '8']]])(
    'refuses %j',
    (argv) => {
      expect(() => parseCameraArgs(argv)).toThrow();
    },
  );
});
