import { csvCell, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('neutralises values a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@sum')).toBe("'@sum");
  });

  it('writes null as empty, objects as JSON, booleans and numbers as text', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(3)).toBe('3');
  });

  it('writes the header, then the rows in the columns given, CR LF terminated', () => {
    const rows = [
      { b: 'x', a: 1, ignored: 'no' },
      { b: 'y,z', a: 2, ignored: 'no' },
    ];

    expect(toCsv(['a', 'b'], rows)).toBe('a,b\r\n1,x\r\n2,"y,z"\r\n');
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});
