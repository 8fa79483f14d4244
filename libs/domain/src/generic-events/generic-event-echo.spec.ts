import { COMPATIBLE_DATA_SOURCE, INTERNATIONAL_DATA_SOURCE } from './generic-event-data-source';
import { echoForPacket, echoForReceivedBytes, formatEchoStatistics } from './generic-event-echo';

const text = (reply: Uint8Array | undefined) => (reply ? new TextDecoder().decode(reply) : undefined);

describe('formatEchoStatistics (S2:10889: [X],[Y],[Z],[Name of generic event])', () => {
  it('given one match, when formatted, then it is request number, characters, matches and name', () =>
    expect(formatEchoStatistics({ requestNumber: 3, characterCount: 14, matchedEventNames: ['Door opened'] })).toBe(
      '3,14,1,Door opened',
    ));

  it('given no match, when formatted, then the count is 0 and the name field is empty', () =>
    expect(formatEchoStatistics({ requestNumber: 1, characterCount: 5, matchedEventNames: [] })).toBe('1,5,0,'));

  it('given two events firing at the same priority, when formatted, then both names follow the count', () =>
    expect(formatEchoStatistics({ requestNumber: 2, characterCount: 7, matchedEventNames: ['A', 'B'] })).toBe(
      '2,7,2,A,B',
    ));
});

describe('echoes by echo type (S2:10889)', () => {
  const received = new TextEncoder().encode('Door053\r\n');
  const statistics = { requestNumber: 1, characterCount: 7, matchedEventNames: ['Door event'] };

  it('given "Echo all bytes" (Compatible), when bytes arrive, then the same bytes go back and no statistics', () => {
    const echo = echoForReceivedBytes(COMPATIBLE_DATA_SOURCE, received);
    expect(echo && [...echo]).toEqual([...received]);
    expect(echo).not.toBe(received);
    expect(echoForPacket(COMPATIBLE_DATA_SOURCE, statistics)).toBeUndefined();
  });

  it('given "Echo statistics" (International), when a packet is analysed, then one line ends with CR LF', () => {
    expect(echoForReceivedBytes(INTERNATIONAL_DATA_SOURCE, received)).toBeUndefined();
    expect(text(echoForPacket(INTERNATIONAL_DATA_SOURCE, statistics))).toBe('1,7,1,Door event\r\n');
  });

  it('given "Echo statistics" with the data source encoding, when a name is not ASCII, then it is encoded', () =>
    expect([
      ...(echoForPacket(
        { echo: 'statistics', encoding: 'latin1', separatorBytes: [] },
        { ...statistics, matchedEventNames: ['é'] },
      ) ?? []),
    ]).toEqual([...new TextEncoder().encode('1,7,1,'), 0xe9]));

  it('given "No echo", when anything happens, then nothing goes back', () => {
    const silent = { ...INTERNATIONAL_DATA_SOURCE, echo: 'none' as const };
    expect([echoForReceivedBytes(silent, received), echoForPacket(silent, statistics)]).toEqual([undefined, undefined]);
  });
});
