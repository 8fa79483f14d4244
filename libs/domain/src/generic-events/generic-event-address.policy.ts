/**
 * Which client addresses a generic-event data source accepts. Seed: "generic events have no authentication. This
 * makes them easier to trigger but, to avoid jeopardizing security, only events from local host are accepted. You can
 * allow other client IP addresses" (S2:2475); "Allowed external IPv4 addresses" / "Allowed external IPv6 addresses
 * ... You can also use this to exclude IP addresses that you do not want data from" (S2:10893-10894).
 *
 * An entry is an address (`192.168.1.20`, `fe80::1`) or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`); an entry
 * starting with `!` excludes instead of allowing, and an exclusion wins over any allowance (the `!` syntax is
 * inferred: the seed says exclusion is possible, not how it is written). IPv4-mapped IPv6 addresses
 * (`::ffff:127.0.0.1`, as a dual-stack socket reports an IPv4 client) are compared as the IPv4 address they carry,
 * and a zone index (`fe80::1%eth0`) is ignored.
 */
export type ParsedIpAddress = Readonly<{ family: 4 | 6; bytes: readonly number[] }>;

export type AllowedAddressRule = Readonly<{ exclude: boolean; network: ParsedIpAddress; prefixLength: number }>;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

const parseIpv4 = (text: string): number[] | undefined => {
  const parts = IPV4.exec(text);
  if (!parts) {
    return undefined;
  }
  const bytes = parts.slice(1).map((part) => (part.length > 1 && part.startsWith('0') ? NaN : Number(part)));
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
};

const parseHextets = (text: string): number[] | undefined => {
  if (text === '') {
    return [];
  }
  const groups = text.split(':');
  return groups.every((group) => HEXTET.test(group)) ? groups.map((group) => parseInt(group, 16)) : undefined;
};

const parseIpv6 = (input: string): number[] | undefined => {
  let text = input.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) {
    text = text.slice(0, zone);
  }
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const ipv4 = parseIpv4(text.slice(lastColon + 1));
    if (!ipv4 || lastColon < 0) {
      return undefined;
    }
    tail = [((ipv4[0] ?? 0) << 8) | (ipv4[1] ?? 0), ((ipv4[2] ?? 0) << 8) | (ipv4[3] ?? 0)];
    // Keep the ':' so that "::1.2.3.4" leaves "::" and "a::b:1.2.3.4" leaves "a::b:" → "a::b".
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) {
      text = text.slice(0, -1);
    }
  }
  const halves = text.split('::');
  let hextets: number[];
  if (halves.length === 1) {
    const all = parseHextets(text);
    if (!all || all.length + tail.length !== 8) {
      return undefined;
    }
    hextets = [...all, ...tail];
  } else if (halves.length === 2) {
    const head = parseHextets(halves[0] ?? '');
    const rest = parseHextets(halves[1] ?? '');
    if (!head || !rest) {
      return undefined;
    }
    const missing = 8 - head.length - rest.length - tail.length;
    if (missing < 1) {
      return undefined;
    }
    hextets = [...head, ...new Array<number>(missing).fill(0), ...rest, ...tail];
  } else {
    return undefined;
  }
  return hextets.flatMap((hextet) => [hextet >> 8, hextet & 0xff]);
};

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
const isIpv4Mapped = (bytes: readonly number[]): boolean =>
  IPV4_MAPPED_PREFIX.every((byte, index) => bytes[index] === byte);

/** An IPv4 or IPv6 address in canonical form (IPv4-mapped IPv6 becomes IPv4), or undefined when it is not one. */
export const parseIpAddress = (text: string): ParsedIpAddress | undefined => {
  const trimmed = text.trim();
  const ipv4 = parseIpv4(trimmed);
  if (ipv4) {
    return { family: 4, bytes: ipv4 };
  }
  const ipv6 = trimmed.includes(':') ? parseIpv6(trimmed) : undefined;
  if (!ipv6) {
    return undefined;
  }
  return isIpv4Mapped(ipv6) ? { family: 4, bytes: ipv6.slice(12) } : { family: 6, bytes: ipv6 };
};

/** An entry of `allowedAddresses`, or undefined when it is malformed. */
export const parseAllowedAddress = (entry: string): AllowedAddressRule | undefined => {
  let text = entry.trim();
  const exclude = text.startsWith('!');
  if (exclude) {
    text = text.slice(1).trim();
  }
  const slash = text.indexOf('/');
  const network = parseIpAddress(slash < 0 ? text : text.slice(0, slash));
  if (!network) {
    return undefined;
  }
  const wasMapped = network.family === 4 && text.includes(':');
  const maxLength = network.family === 4 && !wasMapped ? 32 : 128;
  let prefixLength = network.family === 4 ? 32 : 128;
  if (slash >= 0) {
    const suffix = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(suffix) || Number(suffix) > maxLength) {
      return undefined;
    }
    prefixLength = Number(suffix);
    if (wasMapped) {
      // ::ffff:10.0.0.0/104 is 10.0.0.0/8; a mapped block shorter than /96 is not an IPv4 block at all.
      if (prefixLength < 96) {
        return undefined;
      }
      prefixLength -= 96;
    }
  }
  return { exclude, network, prefixLength };
};

const inBlock = (address: ParsedIpAddress, rule: AllowedAddressRule): boolean => {
  if (address.family !== rule.network.family) {
    return false;
  }
  const wholeBytes = Math.floor(rule.prefixLength / 8);
  for (let i = 0; i < wholeBytes; i += 1) {
    if (address.bytes[i] !== rule.network.bytes[i]) {
      return false;
    }
  }
  const remainingBits = rule.prefixLength % 8;
  if (remainingBits === 0) {
    return true;
  }
  const mask = (0xff << (8 - remainingBits)) & 0xff;
  return ((address.bytes[wholeBytes] ?? 0) & mask) === ((rule.network.bytes[wholeBytes] ?? 0) & mask);
};

/**
 * Compiles an allow list once into a check to run for each connection or datagram. Malformed entries are ignored
 * here (reported by `dataSourceProblems`); a malformed remote address is refused.
 */
export const compileAddressPolicy = (allowed: readonly string[]): ((remoteAddress: string) => boolean) => {
  const rules = allowed.map(parseAllowedAddress).filter((rule) => rule !== undefined);
  const exclusions = rules.filter((rule) => rule.exclude);
  const allowances = rules.filter((rule) => !rule.exclude);
  return (remoteAddress) => {
    const address = parseIpAddress(remoteAddress);
    return (
      address !== undefined &&
      !exclusions.some((rule) => inBlock(address, rule)) &&
      allowances.some((rule) => inBlock(address, rule))
    );
  };
};

/** Whether a client at `remoteAddress` may send generic events to a data source with this allow list. */
export const isAddressAllowed = (allowed: readonly string[], remoteAddress: string): boolean =>
  compileAddressPolicy(allowed)(remoteAddress);
