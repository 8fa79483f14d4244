import {
  compileAddressPolicy,
  isAddressAllowed,
  parseAllowedAddress,
  parseIpAddress,
} from './generic-event-address.policy';
import { COMPATIBLE_DATA_SOURCE, INTERNATIONAL_DATA_SOURCE } from './generic-event-data-source';

describe('parseIpAddress', () => {
  it.each([
    ['127.0.0.1', 4, [127, 0, 0, 1]],
    ['::ffff:127.0.0.1', 4, [127, 0, 0, 1]],
    ['::FFFF:7f00:1', 4, [127, 0, 0, 1]],
    ['::1', 6, [...new Array<number>(15).fill(0), 1]],
    ['::', 6, new Array<number>(16).fill(0)],
    ['2001:db8::1', 6, [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1]],
    ['1:2:3:4:5:6:7:8', 6, [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
    ['64:ff9b::192.0.2.33', 6, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 33]],
    ['fe80::1%eth0', 6, [0xfe, 0x80, ...new Array<number>(13).fill(0), 1]],
  ])('given %p, when parsed, then it is IPv%p %p', (text, family, bytes) =>
    expect(parseIpAddress(text)).toEqual({ family, bytes }),
  );

  it.each([
    '',
    'localhost',
    '256.0.0.1',
    '1.2.3',
    '01.2.3.4',
    '1.2.3.4.5',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':::1',
    '1:2:3:4:5:6:7:8::',
    '12345::1',
    'g::1',
    '::ffff:1.2.3.256',
    '1.2.3.4::',
  ])('given %p, when parsed, then it is not an address', (text) => expect(parseIpAddress(text)).toBeUndefined());
});

describe('parseAllowedAddress', () => {
  it('given an exclusion with a CIDR block, when parsed, then both are recorded', () =>
    expect(parseAllowedAddress(' !10.1.0.0/16 ')).toEqual({
      exclude: true,
      network: { family: 4, bytes: [10, 1, 0, 0] },
      prefixLength: 16,
    }));

  it('given an IPv4-mapped CIDR block, when parsed, then it becomes the IPv4 block', () =>
    expect(parseAllowedAddress('::ffff:10.0.0.0/104')).toMatchObject({
      network: { family: 4, bytes: [10, 0, 0, 0] },
      prefixLength: 8,
    }));

  it.each(['10.0.0.0/', '10.0.0.0/33', '10.0.0.0/-1', '::/129', '::ffff:10.0.0.0/95', '!'])(
    'given %p, when parsed, then it is malformed',
    (entry) => expect(parseAllowedAddress(entry)).toBeUndefined(),
  );
});

describe('isAddressAllowed', () => {
  describe('given the default "local host only" lists (S2:2475, S2:10878)', () => {
    it.each([
      ['127.0.0.1', true],
      ['::ffff:127.0.0.1', true],
      ['127.0.0.2', false],
      ['192.168.1.10', false],
      ['::1', false],
    ])('when Compatible receives from %p, then allowed is %p', (remote, allowed) =>
      expect(isAddressAllowed(COMPATIBLE_DATA_SOURCE.allowedAddresses, remote)).toBe(allowed),
    );

    it.each([
      ['127.0.0.1', true],
      ['::1', true],
      ['0:0:0:0:0:0:0:1', true],
      ['::2', false],
      ['fe80::1', false],
    ])('when International receives from %p, then allowed is %p', (remote, allowed) =>
      expect(isAddressAllowed(INTERNATIONAL_DATA_SOURCE.allowedAddresses, remote)).toBe(allowed),
    );
  });

  describe('given CIDR blocks and exclusions (S2:10893-10894: allow, or exclude)', () => {
    const allowed = compileAddressPolicy([
      '10.0.0.0/8',
      '!10.0.0.66',
      '!10.9.0.0/16',
      '2001:db8::/32',
      '192.168.1.0/25',
    ]);

    it.each([
      ['10.1.2.3', true],
      ['::ffff:10.1.2.3', true],
      ['10.0.0.66', false],
      ['::ffff:10.0.0.66', false],
      ['10.9.200.1', false],
      ['11.0.0.1', false],
      ['192.168.1.127', true],
      ['192.168.1.128', false],
      ['2001:db8:ffff::1', true],
      ['2001:db9::1', false],
      ['not-an-address', false],
    ])('when %p connects, then allowed is %p', (remote, expected) => expect(allowed(remote)).toBe(expected));
  });

  it('given only exclusions, when anyone connects, then nobody is allowed', () =>
    expect(isAddressAllowed(['!10.0.0.1'], '127.0.0.1')).toBe(false));

  it('given 0.0.0.0/0 and ::/0, when anyone connects, then everyone is allowed', () => {
    expect(isAddressAllowed(['0.0.0.0/0'], '203.0.113.9')).toBe(true);
    expect(isAddressAllowed(['::/0'], '2001:db8::9')).toBe(true);
    expect(isAddressAllowed(['::/0'], '203.0.113.9')).toBe(false);
  });

  it('given a malformed entry among valid ones, when checked, then the malformed one is ignored', () =>
    expect(isAddressAllowed(['bogus', '127.0.0.1'], '127.0.0.1')).toBe(true));
});
