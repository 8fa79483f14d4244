import { parseSOAPString } from 'onvif/lib/utils';
import { NS } from './onvif.namespaces';
import { NOT_AUTHORIZED, parseSoapRequest, soapEnvelope, soapFault, SoapRequestError } from './soap.envelope';

/** What the onvif package makes of a response: its own parser, the one Cam uses for every answer. */
const asOnvifPackageSees = (xml: string): Promise<{ error: Error | null; body: unknown }> =>
  new Promise((resolve) => {
    parseSOAPString(xml, (error: Error | null, body: unknown) => resolve({ error, body }), 200);
  });

describe('SOAP envelopes', () => {
  it('reads the operation by namespace and local name, and the header', () => {
    const request = parseSoapRequest(
      '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Header><x/></soap:Header>' +
        '<soap:Body><tptz:GotoPreset xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl"><tptz:PresetToken>2' +
        '</tptz:PresetToken></tptz:GotoPreset></soap:Body></soap:Envelope>',
    );
    expect(request.operation).toMatchObject({ namespace: NS.ptz, name: 'GotoPreset' });
    expect(request.header?.children.map((child) => child.name)).toEqual(['x']);
  });

  it.each([
    ['not XML', 'GET / HTTP/1.1'],
    ['SOAP 1.1', '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><a/></e:Body></e:Envelope>'],
    ['an empty body', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>'],
  ])('refuses %s', (_case, xml) => {
    expect(() => parseSoapRequest(xml)).toThrow(SoapRequestError);
  });

  it('writes responses the onvif package parses', async () => {
    const { error, body } = await asOnvifPackageSees(
      soapEnvelope('<tptz:SetPresetResponse><tptz:PresetToken>4</tptz:PresetToken></tptz:SetPresetResponse>'),
    );
    expect(error).toBeNull();
    expect(JSON.stringify(body)).toContain('"presetToken":["4"]');
  });

  it('writes faults the onvif package reports with their reason', async () => {
    const { error } = await asOnvifPackageSees(soapFault(NOT_AUTHORIZED));
    expect(error?.message).toBe('ONVIF SOAP Fault: Sender not authorized');
  });
});
