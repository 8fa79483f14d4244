// SOAP 1.2 envelopes: reading a request's header and operation, writing responses and faults the way ONVIF
// devices do (a Sender fault answers 400, a Receiver fault 500; see ONVIF Core 5.11).
import { NS, RESPONSE_PREFIXES } from './onvif.namespaces';
import { childNamed, escapeXml, parseXml, XmlParseError, type XmlElement } from './xml.parser';

export type SoapRequest = Readonly<{
  header: XmlElement | undefined;
  /** The first element of the Body: its namespace and name select the operation. */
  operation: XmlElement;
}>;

export class SoapRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoapRequestError';
  }
}

/** Reads a SOAP 1.2 request; throws SoapRequestError when it is not XML, not an envelope or has an empty body. */
export const parseSoapRequest = (xml: string): SoapRequest => {
  let envelope: XmlElement;
  try {
    envelope = parseXml(xml);
  } catch (error) {
    throw new SoapRequestError(error instanceof XmlParseError ? error.message : 'unreadable XML');
  }
  if (envelope.name !== 'Envelope' || envelope.namespace !== NS.soap) {
    throw new SoapRequestError('not a SOAP 1.2 envelope');
  }
  const body = childNamed(envelope, 'Body');
  const operation = body?.children[0];
  if (!operation) {
    throw new SoapRequestError('empty SOAP body');
  }
  return { header: childNamed(envelope, 'Header'), operation };
};

const declarations = Object.entries(RESPONSE_PREFIXES)
  .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
  .join(' ');

/** A response envelope around body (already XML, using the RESPONSE_PREFIXES prefixes). */
export const soapEnvelope = (body: string, header = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope ${declarations}>` +
  `<s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;

export type SoapFault = Readonly<{
  code: 'Sender' | 'Receiver';
  /** Qualified ONVIF subcodes, outermost first, e.g. ['ter:NotAuthorized'] or ['ter:InvalidArgVal', 'ter:NoProfile']. */
  subcodes: readonly string[];
  reason: string;
}>;

export const faultStatus = (fault: SoapFault): number => (fault.code === 'Sender' ? 400 : 500);

export const soapFault = (fault: SoapFault): string => {
  const subcodes = fault.subcodes.reduceRight(
    (inner, subcode) => `<s:Subcode><s:Value>${escapeXml(subcode)}</s:Value>${inner}</s:Subcode>`,
    '',
  );
  return soapEnvelope(
    `<s:Fault><s:Code><s:Value>s:${fault.code}</s:Value>${subcodes}</s:Code>` +
      `<s:Reason><s:Text xml:lang="en">${escapeXml(fault.reason)}</s:Text></s:Reason></s:Fault>`,
  );
};

/** The fault every ONVIF device answers for a missing or wrong WS-Security token. */
export const NOT_AUTHORIZED: SoapFault = {
  code: 'Sender',
  subcodes: ['ter:NotAuthorized'],
  reason: 'Sender not authorized',
};

export const invalidArgument = (subcode: string, reason: string): SoapFault => ({
  code: 'Sender',
  subcodes: ['ter:InvalidArgVal', `ter:${subcode}`],
  reason,
});

export const actionNotSupported = (operation: string): SoapFault => ({
  code: 'Receiver',
  subcodes: ['ter:ActionNotSupported'],
  reason: `${operation} is not supported by the simulator`,
});
