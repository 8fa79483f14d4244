import { assertNever } from '../shared';
import type { GenericEventDataSource } from './generic-event-data-source';
import { encodeGenericEventText } from './generic-event-encoding';

/**
 * What a data source sends back to the client ("Echo type selector", S2:10889):
 * - "Echo statistics: Echoes the following format: [X],[Y],[Z],[Name of generic event] [X] = request number.
 *   [Y] = number of characters. [Z] = number of matches with a generic event. [Name of generic event] = name entered
 *   in the Name field." (International's default, S2:10878.)
 * - "Echo all bytes: Echoes all bytes" (Compatible's default, S2:10878).
 * - "No echo: Suppresses all echoing".
 *
 * Inferred where the seed is silent: the square brackets are placeholders, not sent; X counts packets on the
 * connection (UDP: on the data source) from 1; Y is the length of the decoded packet in UTF-16 units (.NET's
 * `String.Length`); when several events fire (equal priority, S2:12738) their names follow Z, comma-separated, in
 * firing order, and when none fires the name field is empty (`3,7,0,`); the line ends with the data source's
 * separator bytes so that the client can frame replies as it frames requests.
 */
export type EchoStatistics = Readonly<{
  requestNumber: number;
  characterCount: number;
  matchedEventNames: readonly string[];
}>;

/** `X,Y,Z,Name` (see above). */
export const formatEchoStatistics = (statistics: EchoStatistics): string => {
  const names = statistics.matchedEventNames.length > 0 ? statistics.matchedEventNames : [''];
  return [
    String(statistics.requestNumber),
    String(statistics.characterCount),
    String(statistics.matchedEventNames.length),
    ...names,
  ].join(',');
};

/** The echo of bytes just received ("Echo all bytes": the same bytes, as received); undefined when none is due. */
export const echoForReceivedBytes = (
  source: Pick<GenericEventDataSource, 'echo'>,
  received: Uint8Array,
): Uint8Array | undefined => {
  switch (source.echo) {
    case 'all':
      return received.slice();
    case 'statistics':
    case 'none':
      return undefined;
    default:
      return assertNever(source.echo);
  }
};

/** The echo of one analysed packet ("Echo statistics"); undefined when none is due. */
export const echoForPacket = (
  source: Pick<GenericEventDataSource, 'echo' | 'encoding' | 'separatorBytes'>,
  statistics: EchoStatistics,
): Uint8Array | undefined => {
  switch (source.echo) {
    case 'statistics': {
      const line = encodeGenericEventText(formatEchoStatistics(statistics), source.encoding);
      const reply = new Uint8Array(line.length + source.separatorBytes.length);
      reply.set(line, 0);
      reply.set(source.separatorBytes, line.length);
      return reply;
    }
    case 'all':
    case 'none':
      return undefined;
    default:
      return assertNever(source.echo);
  }
};
