import { parseSegmentListLine, redactUrlCredentials } from './segment-list';

describe('parseSegmentListLine', () => {
  it('reads a segment entry as epoch milliseconds', () =>
    expect(parseSegmentListLine('r1-000002.ts,1796169463.079644,1796169464.079422\n')).toEqual({
      name: 'r1-000002.ts',
      start: 1_796_169_463_080,
      end: 1_796_169_464_079,
    }));

  it('refuses anything else', () => {
    expect(parseSegmentListLine('')).toBeUndefined();
    expect(parseSegmentListLine('frame=  25 fps=0.0')).toBeUndefined();
    expect(parseSegmentListLine('a.ts,2.0,1.0')).toBeUndefined();
  });
});

describe('redactUrlCredentials', () => {
  it('masks the user and password of every URL in a log line', () =>
    expect(
      redactUrlCredentials('rtsp://admin:p%40ss@127.0.0.1:8554/cam-1: Server returned 401 Unauthorized (rtsp://u@h/x)'),
    ).toBe('rtsp://***@127.0.0.1:8554/cam-1: Server returned 401 Unauthorized (rtsp://***@h/x)'));
});
