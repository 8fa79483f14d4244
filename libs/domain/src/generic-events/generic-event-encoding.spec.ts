import { decodeGenericEventPacket, encodeGenericEventText } from './generic-event-encoding';

describe('decodeGenericEventPacket', () => {
  it('given UTF-8 bytes (International, S2:10878), when decoded, then multi-byte characters survive', () =>
    expect(decodeGenericEventPacket(new TextEncoder().encode('Dør 53 ✓'), 'utf8')).toBe('Dør 53 ✓'));

  it('given invalid UTF-8, when decoded, then the bad bytes become U+FFFD', () =>
    expect(decodeGenericEventPacket(new Uint8Array([0x41, 0xff, 0x42]), 'utf8')).toBe('A\uFFFDB'));

  it('given bytes above 0x7F as ASCII, when decoded, then they become U+FFFD', () =>
    expect(decodeGenericEventPacket(new Uint8Array([0x41, 0xe9]), 'ascii')).toBe('A\uFFFD'));

  it('given bytes as Latin-1, when decoded, then each byte is the code point of the same value', () =>
    expect(decodeGenericEventPacket(new Uint8Array([0x41, 0x80, 0xe9]), 'latin1')).toBe('A\u0080é'));

  // Not compared with `new TextDecoder('windows-1252')`: some Node versions decode that label as Latin-1.
  it.each([
    [0x80, '\u20AC'],
    [0x81, '\u0081'],
    [0x8a, '\u0160'],
    [0x99, '\u2122'],
    [0x9f, '\u0178'],
    [0xa0, '\u00A0'],
    [0xe9, '\u00E9'],
    [0x41, 'A'],
  ])('given byte %p as Windows-1252 (Compatible, "ANSI"), when decoded, then it is %p', (byte, expected) =>
    expect(decodeGenericEventPacket(new Uint8Array([byte]), 'windows-1252')).toBe(expected),
  );

  it('given a packet larger than one internal chunk, when decoded, then nothing is lost', () =>
    expect(decodeGenericEventPacket(new Uint8Array(20_000).fill(0x61), 'latin1')).toBe('a'.repeat(20_000)));
});

describe('encodeGenericEventText', () => {
  it.each([
    ['utf8', 'é€', [0xc3, 0xa9, 0xe2, 0x82, 0xac]],
    ['ascii', 'Aé', [0x41, 0x3f]],
    ['latin1', 'é€', [0xe9, 0x3f]],
    ['windows-1252', 'é€™', [0xe9, 0x80, 0x99]],
    ['windows-1252', '😀', [0x3f]],
  ] as const)('given %s, when %p is encoded, then the bytes are %p', (encoding, text, expected) =>
    expect([...encodeGenericEventText(text, encoding)]).toEqual(expected),
  );

  it('given every Windows-1252 character, when encoded and decoded, then the bytes round-trip', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = decodeGenericEventPacket(all, 'windows-1252');
    expect([...encodeGenericEventText(text, 'windows-1252')]).toEqual([...all]);
  });
});
