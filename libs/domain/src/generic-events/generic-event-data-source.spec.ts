import type { GenericEventDataSource } from './generic-event-data-source';
import {
  BUILT_IN_DATA_SOURCES,
  COMPATIBLE_DATA_SOURCE,
  INTERNATIONAL_DATA_SOURCE,
  dataSourceProblems,
  dataSourceSetProblems,
} from './generic-event-data-source';

const codes = (problems: readonly string[]) => problems.map((problem) => problem.split(':')[0]);

const aSource = (overrides: Partial<GenericEventDataSource> = {}): GenericEventDataSource => ({
  ...INTERNATIONAL_DATA_SOURCE,
  id: 'door-controller',
  name: 'Door controller',
  port: 5000,
  ...overrides,
});

describe('built-in data sources (S2:10878)', () => {
  it('given Compatible, when read, then it has every seed default', () =>
    expect(COMPATIBLE_DATA_SOURCE).toEqual({
      id: 'compatible',
      name: 'Compatible',
      enabled: false, // "Data sources are by default disabled" (S2:10883)
      port: 1234, // "port 1234" (S2:10878, S2:2835)
      protocol: 'tcp+udp', // "TCP and UDP"
      ipVersion: 'ipv4', // "IPv4 only"
      separatorBytes: [], // "no separator"
      echo: 'all', // "echoes all bytes"
      encoding: 'windows-1252', // "current code page encoding (ANSI)"
      allowedAddresses: ['127.0.0.1'], // "local host only"
    }));

  it('given International, when read, then it has every seed default', () =>
    expect(INTERNATIONAL_DATA_SOURCE).toEqual({
      id: 'international',
      name: 'International',
      enabled: false, // "Data sources are by default disabled" (S2:10883)
      port: 1235, // "port 1235" (S2:10878, S2:2836)
      protocol: 'tcp', // "TCP only"
      ipVersion: 'both', // "IPv4+6"
      separatorBytes: [13, 10], // "<CR><LF> as separator ... (<CR><LF> = 13,10)", S2:10888
      echo: 'statistics', // "echoes statistics only"
      encoding: 'utf8', // "UTF-8 encoding"
      allowedAddresses: ['127.0.0.1', '::1'], // "local host only"
    }));

  it('given both, when checked, then they are valid and do not conflict even when enabled', () => {
    expect(BUILT_IN_DATA_SOURCES.flatMap(dataSourceProblems)).toEqual([]);
    expect(dataSourceSetProblems(BUILT_IN_DATA_SOURCES.map((source) => ({ ...source, enabled: true })))).toEqual([]);
  });
});

describe('dataSourceProblems', () => {
  it('given a valid custom source, when checked, then there are no problems', () =>
    expect(dataSourceProblems(aSource({ allowedAddresses: ['10.0.0.0/8', '!10.0.0.66', 'fe80::/10'] }))).toEqual([]));

  it.each([0, 65_536, 80.5])('given port %p, when checked, then it is rejected', (port) =>
    expect(codes(dataSourceProblems(aSource({ port })))).toEqual(['DATA_SOURCE_PORT_INVALID']),
  );

  it.each([[[256]], [[-1]], [[1.5]], [Array.from({ length: 17 }, () => 10)]])(
    'given separator %p, when checked, then it is rejected',
    (separatorBytes) =>
      expect(codes(dataSourceProblems(aSource({ separatorBytes })))).toEqual(['DATA_SOURCE_SEPARATOR_INVALID']),
  );

  it('given unknown enumerations, when checked, then each is reported', () =>
    expect(
      codes(
        dataSourceProblems(
          aSource({
            protocol: 'sctp',
            ipVersion: 'ipv5',
            echo: 'some',
            encoding: 'ebcdic',
          } as unknown as Partial<GenericEventDataSource>),
        ),
      ),
    ).toEqual([
      'DATA_SOURCE_PROTOCOL_INVALID',
      'DATA_SOURCE_IP_VERSION_INVALID',
      'DATA_SOURCE_ECHO_INVALID',
      'DATA_SOURCE_ENCODING_INVALID',
    ]));

  it('given malformed allowed addresses, when checked, then each is reported', () =>
    expect(
      codes(dataSourceProblems(aSource({ allowedAddresses: ['localhost', '10.0.0.0/33', '1.2.3.4', '::1/129'] }))),
    ).toEqual([
      'DATA_SOURCE_ALLOWED_ADDRESS_INVALID',
      'DATA_SOURCE_ALLOWED_ADDRESS_INVALID',
      'DATA_SOURCE_ALLOWED_ADDRESS_INVALID',
    ]));

  it('given blank id and name, when checked, then both are reported', () =>
    expect(codes(dataSourceProblems(aSource({ id: '', name: '  ' })))).toEqual([
      'DATA_SOURCE_ID_INVALID',
      'DATA_SOURCE_NAME_INVALID',
    ]));
});

describe('dataSourceSetProblems', () => {
  it('given two enabled sources on the same TCP port and family, when checked, then the conflict is reported', () =>
    expect(
      dataSourceSetProblems([
        aSource({ id: 'a', name: 'A', enabled: true, protocol: 'tcp+udp', ipVersion: 'ipv4' }),
        aSource({ id: 'b', name: 'B', enabled: true, protocol: 'tcp', ipVersion: 'both' }),
      ]),
    ).toEqual(['DATA_SOURCE_PORT_CONFLICT: "b" and "a" both listen on tcp ipv4 port 5000']));

  it('given the same port on different protocols or families, or one disabled, when checked, then all is fine', () =>
    expect(
      dataSourceSetProblems([
        aSource({ id: 'a', name: 'A', enabled: true, protocol: 'tcp', ipVersion: 'ipv4' }),
        aSource({ id: 'b', name: 'B', enabled: true, protocol: 'udp', ipVersion: 'ipv4' }),
        aSource({ id: 'c', name: 'C', enabled: true, protocol: 'tcp', ipVersion: 'ipv6' }),
        aSource({ id: 'd', name: 'D', enabled: false, protocol: 'tcp', ipVersion: 'ipv4' }),
      ]),
    ).toEqual([]));

  it('given duplicate ids and names, when checked, then both are reported', () =>
    expect(codes(dataSourceSetProblems([aSource(), aSource()]))).toEqual([
      'DATA_SOURCE_ID_DUPLICATE',
      'DATA_SOURCE_NAME_DUPLICATE',
    ]));
});
