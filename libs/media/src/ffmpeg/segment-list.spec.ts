import { parseSegmentListLine } from './segment-list';

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
