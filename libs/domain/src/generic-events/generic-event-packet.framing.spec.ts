import type { PacketCarry } from './generic-event-packet.framing';
import { EMPTY_PACKET_CARRY, GENERIC_EVENT_MAX_PACKET_BYTES, splitPackets } from './generic-event-packet.framing';

const CRLF = [13, 10];
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const texts = (packets: readonly Uint8Array[]): string[] => packets.map((packet) => new TextDecoder().decode(packet));

/** Feeds chunks one after another, as a TCP stream delivers them. */
const stream = (chunks: readonly string[], separator: readonly number[], maxPacketBytes?: number) => {
  let carry: PacketCarry = EMPTY_PACKET_CARRY;
  const packets: string[] = [];
  let dropped = 0;
  for (const chunk of chunks) {
    const result = splitPackets(bytes(chunk), separator, carry, { maxPacketBytes });
    packets.push(...texts(result.packets));
    dropped += result.droppedOversized;
    carry = result.carry;
  }
  return { packets, dropped, carry: new TextDecoder().decode(carry.bytes), discarding: carry.discarding };
};

describe('splitPackets', () => {
  describe('given the International separator <CR><LF> = 13,10 (S2:10878)', () => {
    it('when one chunk holds several records, then each becomes a packet and the separators are removed', () =>
      expect(stream(['Door053 opened\r\nUser001\r\n'], CRLF)).toEqual({
        packets: ['Door053 opened', 'User001'],
        dropped: 0,
        carry: '',
        discarding: false,
      }));

    it('when a record is split across reads, then it is joined from the carry', () =>
      expect(stream(['Door0', '53 op', 'ened\r\nUs', 'er001\r\n'], CRLF).packets).toEqual([
        'Door053 opened',
        'User001',
      ]));

    it('when the separator itself is split across reads, then it is still recognised', () =>
      expect(stream(['Door053\r', '\nUser001\r', '\n'], CRLF).packets).toEqual(['Door053', 'User001']));

    it('when a read ends mid-record, then the rest waits in the carry', () =>
      expect(stream(['A\r\nB'], CRLF)).toMatchObject({ packets: ['A'], carry: 'B' }));

    it('when separators repeat, then no empty packets are produced', () =>
      expect(stream(['\r\n\r\nA\r\n\r\n'], CRLF).packets).toEqual(['A']));

    it('when a lone CR or LF appears, then it is part of the packet', () =>
      expect(stream(['A\rB\nC\r\n'], CRLF).packets).toEqual(['A\rB\nC']));

    it('when the input is final (a UDP datagram), then the unterminated rest is a packet', () => {
      const result = splitPackets(bytes('A\r\nB'), CRLF, EMPTY_PACKET_CARRY, { final: true });
      expect([texts(result.packets), result.carry]).toEqual([['A', 'B'], EMPTY_PACKET_CARRY]);
    });
  });

  describe('given no separator (Compatible, S2:10878)', () => {
    it('when a read arrives, then the whole read is one packet, line breaks included', () =>
      expect(stream(['Door053\r\nUser001', 'Sunday'], [])).toEqual({
        packets: ['Door053\r\nUser001', 'Sunday'],
        dropped: 0,
        carry: '',
        discarding: false,
      }));

    it('when an empty read arrives, then there is no packet', () => expect(stream([''], []).packets).toEqual([]));

    it('when a read exceeds the maximum, then it is dropped and counted', () =>
      expect(stream(['123456'], [], 5)).toMatchObject({ packets: [], dropped: 1 }));
  });

  describe('given a maximum packet size', () => {
    it('when a complete record is exactly at the maximum, then it is kept', () =>
      expect(stream(['12345\r\n'], CRLF, 5).packets).toEqual(['12345']));

    it('when a complete record exceeds the maximum, then it is dropped, counted, and the next one survives', () =>
      expect(stream(['123456\r\nok\r\n'], CRLF, 5)).toMatchObject({ packets: ['ok'], dropped: 1 }));

    it('when an unterminated record grows past the maximum over several reads, then its tail is never a packet', () =>
      expect(stream(['1234', '5678', '9Door053', 'X\r\nok\r\n'], CRLF, 5)).toEqual({
        packets: ['ok'],
        dropped: 1,
        carry: '',
        discarding: false,
      }));

    it('when discarding, then the carry stays small however much arrives', () => {
      const result = stream(['x'.repeat(10), 'y'.repeat(100_000)], CRLF, 5);
      expect(result).toMatchObject({ packets: [], dropped: 1, discarding: true });
      expect(result.carry.length).toBeLessThan(CRLF.length);
    });

    it('when discarding and the separator straddles two reads, then discarding stops there', () =>
      expect(stream(['1234567\r', '\nok\r\n'], CRLF, 5)).toMatchObject({ packets: ['ok'], dropped: 1 }));

    it('when no maximum is given, then the default is 64 KiB', () => {
      expect(GENERIC_EVENT_MAX_PACKET_BYTES).toBe(65_536);
      expect(stream([`${'x'.repeat(65_537)}\r\n`], CRLF).dropped).toBe(1);
    });
  });

  describe('given a multi-byte separator with a repeated prefix', () => {
    it('when a near-miss precedes the separator, then the separator is still found', () =>
      expect(stream(['a##b###c'], [35, 35, 35]).packets).toEqual(['a##b']));
  });

  it('given inputs, when split, then neither the input nor the carry is modified and packets are copies', () => {
    const input = bytes('AB\r\nCD');
    const first = splitPackets(input, CRLF);
    const packet = first.packets[0];
    input.fill(0);
    expect(packet && new TextDecoder().decode(packet)).toBe('AB');
    expect(new TextDecoder().decode(first.carry.bytes)).toBe('CD');
  });
});
