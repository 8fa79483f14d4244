/**
 * Cuts received bytes into generic-event packets at the data source's separator bytes ("the separator bytes used to
 * separate individual generic event records", S2:10888; International uses 13,10, S2:10878).
 *
 * Rules (inferred where the seed is silent):
 * - The separator is not part of a packet; empty packets (two separators in a row) are skipped.
 * - With no separator (Compatible, S2:10878) every call yields the whole input as one packet: one UDP datagram or one
 *   TCP read is one packet.
 * - Bytes after the last separator wait in the carry for the next call (TCP streams). With `final` (a UDP datagram,
 *   or a TCP connection closing) they form a last packet instead.
 * - A packet longer than `maxPacketBytes` is dropped and counted, never truncated: a truncated packet could match an
 *   expression the whole packet does not. When a packet is too long before its separator has arrived, the carry
 *   remembers to discard the rest of it up to the next separator.
 */
export type PacketCarry = Readonly<{ bytes: Uint8Array; discarding: boolean }>;

export const EMPTY_PACKET_CARRY: PacketCarry = { bytes: new Uint8Array(0), discarding: false };

/** Default longest packet: the largest UDP payload, rounded up (a guard; not in the seed). */
export const GENERIC_EVENT_MAX_PACKET_BYTES = 65_536;

export type SplitPacketsOptions = Readonly<{ maxPacketBytes?: number; final?: boolean }>;

export type SplitPacketsResult = Readonly<{
  /** Complete packets, separators removed; fresh copies that do not share memory with the input. */
  packets: readonly Uint8Array[];
  /** What to pass to the next call on the same stream. */
  carry: PacketCarry;
  /** Packets dropped for exceeding `maxPacketBytes` (each counted once). */
  droppedOversized: number;
}>;

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) {
    return b;
  }
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
};

const indexOfSeparator = (data: Uint8Array, separator: readonly number[], from: number): number => {
  const first = separator[0];
  if (first === undefined) {
    return -1;
  }
  const last = data.length - separator.length;
  for (let i = data.indexOf(first, from); i >= 0 && i <= last; i = data.indexOf(first, i + 1)) {
    let k = 1;
    while (k < separator.length && data[i + k] === separator[k]) {
      k += 1;
    }
    if (k === separator.length) {
      return i;
    }
  }
  return -1;
};

/** Splits `buffer`, continuing from `carry`, into complete packets. Pure: neither input is modified. */
export const splitPackets = (
  buffer: Uint8Array,
  separator: readonly number[],
  carry: PacketCarry = EMPTY_PACKET_CARRY,
  options: SplitPacketsOptions = {},
): SplitPacketsResult => {
  const maxPacketBytes = options.maxPacketBytes ?? GENERIC_EVENT_MAX_PACKET_BYTES;
  const packets: Uint8Array[] = [];
  let droppedOversized = 0;
  const data = concat(carry.bytes, buffer);

  if (separator.length === 0) {
    if (data.length > maxPacketBytes) {
      droppedOversized += 1;
    } else if (data.length > 0) {
      packets.push(data.slice());
    }
    return { packets, carry: EMPTY_PACKET_CARRY, droppedOversized };
  }

  let discarding = carry.discarding;
  let start = 0;
  // A separator may straddle the carry and the new bytes: start the search just before the join.
  let searchFrom = Math.max(0, carry.bytes.length - separator.length + 1);
  for (;;) {
    const at = indexOfSeparator(data, separator, searchFrom);
    if (at < 0) {
      break;
    }
    const length = at - start;
    if (discarding) {
      discarding = false;
    } else if (length > maxPacketBytes) {
      droppedOversized += 1;
    } else if (length > 0) {
      packets.push(data.slice(start, at));
    }
    start = at + separator.length;
    searchFrom = start;
  }

  const rest = data.subarray(start);
  if (options.final === true) {
    if (!discarding && rest.length > maxPacketBytes) {
      droppedOversized += 1;
    } else if (!discarding && rest.length > 0) {
      packets.push(rest.slice());
    }
    return { packets, carry: EMPTY_PACKET_CARRY, droppedOversized };
  }
  if (discarding || rest.length > maxPacketBytes) {
    if (!discarding) {
      droppedOversized += 1;
    }
    // Keep only what could be the start of a separator split across reads.
    return {
      packets,
      carry: { bytes: rest.slice(Math.max(0, rest.length - separator.length + 1)), discarding: true },
      droppedOversized,
    };
  }
  return { packets, carry: { bytes: rest.slice(), discarding: false }, droppedOversized };
};
