import { parseAllowedAddress } from './generic-event-address.policy';

/**
 * A data source: how bytes arriving on a port are interpreted as generic-event packets (seed S2:2473, "Each generic
 * event type pairs up with a data source"; fields from S2:10878-10894, FEATURES 2.5.6).
 * - `enabled`: "Data sources are by default disabled" (S2:10883); the ports listen "Only if the relevant data source
 *   is enabled" (S2:2835-2836).
 * - `protocol`: "Any: TCP as well as UDP" (here `tcp+udp`), "TCP: TCP only", "UDP: UDP only" (S2:10886).
 * - `ipVersion`: "IPv4, IPv6 or both" (S2:10887).
 * - `separatorBytes`: "the separator bytes used to separate individual generic event records" (S2:10888); empty means
 *   no separator: each UDP datagram, or each TCP read, is one packet (inferred for "no separator", S2:10878).
 * - `echo`: "Echo statistics", "Echo all bytes", "No echo" (S2:10889); see generic-event-echo.ts.
 * - `encoding`: "Encoding type selector" (S2:10890); see generic-event-encoding.ts.
 * - `allowedAddresses`: "only events from local host are accepted" unless allowed (S2:2475, S2:10893-10894); see
 *   generic-event-address.policy.ts. The seed has two lists (IPv4 and IPv6); one list holds both here.
 */
export const GENERIC_EVENT_PROTOCOLS = ['tcp', 'udp', 'tcp+udp'] as const;
export type GenericEventProtocol = (typeof GENERIC_EVENT_PROTOCOLS)[number];

export const GENERIC_EVENT_IP_VERSIONS = ['ipv4', 'ipv6', 'both'] as const;
export type GenericEventIpVersion = (typeof GENERIC_EVENT_IP_VERSIONS)[number];

export const GENERIC_EVENT_ECHO_TYPES = ['all', 'statistics', 'none'] as const;
export type GenericEventEchoType = (typeof GENERIC_EVENT_ECHO_TYPES)[number];

/**
 * The encodings offered. `windows-1252` stands for Compatible's "current code page encoding (ANSI)" (S2:10878): the
 * ANSI code page of a Western-European Windows installation (inferred; the real code page depends on the locale).
 */
export const GENERIC_EVENT_ENCODINGS = ['utf8', 'ascii', 'latin1', 'windows-1252'] as const;
export type GenericEventEncoding = (typeof GENERIC_EVENT_ENCODINGS)[number];

export type GenericEventDataSource = Readonly<{
  id: string;
  name: string;
  enabled: boolean;
  port: number;
  protocol: GenericEventProtocol;
  ipVersion: GenericEventIpVersion;
  separatorBytes: readonly number[];
  echo: GenericEventEchoType;
  encoding: GenericEventEncoding;
  allowedAddresses: readonly string[];
}>;

/** "local host only" (S2:2475, S2:10878), for each IP family a data source listens on. */
export const LOCAL_HOST_IPV4 = '127.0.0.1';
export const LOCAL_HOST_IPV6 = '::1';

export const COMPATIBLE_DATA_SOURCE_ID = 'compatible';
export const INTERNATIONAL_DATA_SOURCE_ID = 'international';

/**
 * S2:10878: "Compatible: Factory default settings are enabled, echoes all bytes, TCP and UDP, IPv4 only, port 1234,
 * no separator, local host only, current code page encoding (ANSI)." Port 1234 TCP/UDP also in S2:2835.
 * `enabled: false`: "Factory default settings are enabled" is read as "the factory defaults apply", because
 * "Data sources are by default disabled" (S2:10883) and the port listens "Only if the relevant data source is
 * enabled" (S2:2835). FEATURES 10.2 reads it the same way; flag it if the product team decides otherwise.
 */
export const COMPATIBLE_DATA_SOURCE: GenericEventDataSource = {
  id: COMPATIBLE_DATA_SOURCE_ID,
  name: 'Compatible',
  enabled: false,
  port: 1234,
  protocol: 'tcp+udp',
  ipVersion: 'ipv4',
  separatorBytes: [],
  echo: 'all',
  encoding: 'windows-1252',
  allowedAddresses: [LOCAL_HOST_IPV4],
};

/**
 * S2:10878: "International: Factory default settings are enabled, echoes statistics only, TCP only, IPv4+6, port 1235,
 * <CR><LF> as separator, local host only, UTF-8 encoding. (<CR><LF> = 13,10)." Port 1235 TCP also in S2:2836;
 * separator 13,10 also in S2:10888. `enabled: false` for the reason given on `COMPATIBLE_DATA_SOURCE`.
 */
export const INTERNATIONAL_DATA_SOURCE: GenericEventDataSource = {
  id: INTERNATIONAL_DATA_SOURCE_ID,
  name: 'International',
  enabled: false,
  port: 1235,
  protocol: 'tcp',
  ipVersion: 'both',
  separatorBytes: [13, 10],
  echo: 'statistics',
  encoding: 'utf8',
  allowedAddresses: [LOCAL_HOST_IPV4, LOCAL_HOST_IPV6],
};

export const BUILT_IN_DATA_SOURCES: readonly GenericEventDataSource[] = [
  COMPATIBLE_DATA_SOURCE,
  INTERNATIONAL_DATA_SOURCE,
];

/** Longest separator accepted (a guard; not in the seed). */
export const GENERIC_EVENT_SEPARATOR_MAX_BYTES = 16;

const oneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** Why `source` is unusable; empty when it is valid. Each problem is `CODE: explanation`. */
export const dataSourceProblems = (source: GenericEventDataSource): string[] => {
  const problems: string[] = [];
  if (!isNonEmptyString(source.id)) {
    problems.push('DATA_SOURCE_ID_INVALID: id must be a non-empty string');
  }
  if (!isNonEmptyString(source.name)) {
    problems.push('DATA_SOURCE_NAME_INVALID: name must be a non-empty string');
  }
  if (typeof source.enabled !== 'boolean') {
    problems.push('DATA_SOURCE_ENABLED_INVALID: enabled must be true or false');
  }
  if (!Number.isInteger(source.port) || source.port < 1 || source.port > 65_535) {
    problems.push('DATA_SOURCE_PORT_INVALID: port must be a whole number from 1 to 65535');
  }
  if (!oneOf(GENERIC_EVENT_PROTOCOLS, source.protocol)) {
    problems.push(`DATA_SOURCE_PROTOCOL_INVALID: protocol must be one of ${GENERIC_EVENT_PROTOCOLS.join(', ')}`);
  }
  if (!oneOf(GENERIC_EVENT_IP_VERSIONS, source.ipVersion)) {
    problems.push(`DATA_SOURCE_IP_VERSION_INVALID: ipVersion must be one of ${GENERIC_EVENT_IP_VERSIONS.join(', ')}`);
  }
  if (!oneOf(GENERIC_EVENT_ECHO_TYPES, source.echo)) {
    problems.push(`DATA_SOURCE_ECHO_INVALID: echo must be one of ${GENERIC_EVENT_ECHO_TYPES.join(', ')}`);
  }
  if (!oneOf(GENERIC_EVENT_ENCODINGS, source.encoding)) {
    problems.push(`DATA_SOURCE_ENCODING_INVALID: encoding must be one of ${GENERIC_EVENT_ENCODINGS.join(', ')}`);
  }
  if (
    !Array.isArray(source.separatorBytes) ||
    source.separatorBytes.length > GENERIC_EVENT_SEPARATOR_MAX_BYTES ||
    !source.separatorBytes.every((byte) => Number.isInteger(byte) && byte >= 0 && byte <= 255)
  ) {
    problems.push(
      `DATA_SOURCE_SEPARATOR_INVALID: separatorBytes must be at most ${GENERIC_EVENT_SEPARATOR_MAX_BYTES} ` +
        'whole numbers from 0 to 255',
    );
  }
  if (!Array.isArray(source.allowedAddresses)) {
    problems.push('DATA_SOURCE_ALLOWED_ADDRESSES_INVALID: allowedAddresses must be a list');
  } else {
    for (const entry of source.allowedAddresses) {
      if (typeof entry !== 'string' || !parseAllowedAddress(entry)) {
        problems.push(
          `DATA_SOURCE_ALLOWED_ADDRESS_INVALID: ${JSON.stringify(entry)} is not an IPv4 or IPv6 address or CIDR ` +
            'block (optionally prefixed with ! to exclude)',
        );
      }
    }
  }
  return problems;
};

const protocolsOf = (protocol: GenericEventProtocol): readonly ('tcp' | 'udp')[] =>
  protocol === 'tcp+udp' ? ['tcp', 'udp'] : [protocol];

const familiesOf = (ipVersion: GenericEventIpVersion): readonly ('ipv4' | 'ipv6')[] =>
  ipVersion === 'both' ? ['ipv4', 'ipv6'] : [ipVersion];

/**
 * Problems across all data sources: duplicate ids or names, and two enabled data sources listening on the same port
 * protocol and IP family (one of them could not bind). Each problem is `CODE: explanation`.
 */
export const dataSourceSetProblems = (sources: readonly GenericEventDataSource[]): string[] => {
  const problems: string[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  const listeners = new Map<string, string>();
  for (const source of sources) {
    if (ids.has(source.id)) {
      problems.push(`DATA_SOURCE_ID_DUPLICATE: ${JSON.stringify(source.id)} is used more than once`);
    }
    ids.add(source.id);
    if (names.has(source.name)) {
      problems.push(`DATA_SOURCE_NAME_DUPLICATE: ${JSON.stringify(source.name)} is used more than once`);
    }
    names.add(source.name);
    if (!source.enabled) {
      continue;
    }
    for (const protocol of protocolsOf(source.protocol)) {
      for (const family of familiesOf(source.ipVersion)) {
        const key = `${protocol} ${family} port ${source.port}`;
        const holder = listeners.get(key);
        if (holder !== undefined) {
          problems.push(
            `DATA_SOURCE_PORT_CONFLICT: ${JSON.stringify(source.id)} and ${JSON.stringify(holder)} both listen on ${key}`,
          );
        } else {
          listeners.set(key, source.id);
        }
      }
    }
  }
  return problems;
};
