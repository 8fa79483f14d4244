// Device management service (ONVIF Device Management, ver10/device) and the relay and input operations of the
// DeviceIO service (ver10/deviceIO), which clients reach through either namespace.
import { UnknownTokenError, type RelayState } from './camera.device';
import { NS, SERVICE_PATHS, type ServiceName } from './onvif.namespaces';
import { invalidArgument } from './soap.envelope';
import { table, type Operation, type OperationContext, type OperationTable } from './soap.operation';
import { childText, escapeXml } from './xml.parser';

/** Operations any client may call without credentials (ONVIF Core 5.9.4, access class PRE_AUTH). */
export const PRE_AUTH_OPERATIONS: ReadonlySet<string> = new Set([
  'GetSystemDateAndTime',
  'GetServices',
  'GetCapabilities',
  'GetServiceCapabilities',
  'GetHostname',
  'GetWsdlUrl',
  'GetEndpointReference',
]);

const SERVICE_NAMESPACES: Readonly<Record<ServiceName, string>> = {
  device: NS.device,
  media: NS.media,
  ptz: NS.ptz,
  events: NS.events,
  deviceIO: NS.deviceIO,
};

const SERVICE_VERSIONS: Readonly<Record<ServiceName, readonly [number, number]>> = {
  device: [2, 60],
  media: [2, 60],
  ptz: [2, 60],
  events: [2, 60],
  deviceIO: [2, 60],
};

const xaddr = (context: OperationContext, service: ServiceName): string =>
  `${context.baseUrl}${SERVICE_PATHS[service]}`;

const getSystemDateAndTime: Operation = (_request, { device }) => {
  const now = device.now();
  return {
    body:
      '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>' +
      '<tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>' +
      '<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>' +
      `<tt:UTCDateTime><tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute>` +
      `<tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year>` +
      `<tt:Month>${now.getUTCMonth() + 1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime>` +
      '</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>',
  };
};

const getCapabilities: Operation = (_request, context) => {
  const relays = context.device.relayOutputs().size;
  const inputs = context.device.digitalInputs().size;
  return {
    body:
      '<tds:GetCapabilitiesResponse><tds:Capabilities>' +
      `<tt:Device><tt:XAddr>${xaddr(context, 'device')}</tt:XAddr>` +
      '<tt:System><tt:DiscoveryResolve>false</tt:DiscoveryResolve><tt:DiscoveryBye>false</tt:DiscoveryBye>' +
      '<tt:RemoteDiscovery>false</tt:RemoteDiscovery><tt:SystemBackup>false</tt:SystemBackup>' +
      '<tt:SystemLogging>false</tt:SystemLogging><tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>' +
      '<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tt:SupportedVersions></tt:System>' +
      `<tt:IO><tt:InputConnectors>${inputs}</tt:InputConnectors><tt:RelayOutputs>${relays}</tt:RelayOutputs></tt:IO>` +
      '</tt:Device>' +
      `<tt:Events><tt:XAddr>${xaddr(context, 'events')}</tt:XAddr>` +
      '<tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>' +
      '<tt:WSPullPointSupport>true</tt:WSPullPointSupport>' +
      '<tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport>' +
      '</tt:Events>' +
      `<tt:Media><tt:XAddr>${xaddr(context, 'media')}</tt:XAddr><tt:StreamingCapabilities>` +
      '<tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP>' +
      '</tt:StreamingCapabilities></tt:Media>' +
      `<tt:PTZ><tt:XAddr>${xaddr(context, 'ptz')}</tt:XAddr></tt:PTZ>` +
      `<tt:Extension><tt:DeviceIO><tt:XAddr>${xaddr(context, 'deviceIO')}</tt:XAddr>` +
      '<tt:VideoSources>1</tt:VideoSources><tt:VideoOutputs>0</tt:VideoOutputs><tt:AudioSources>0</tt:AudioSources>' +
      `<tt:AudioOutputs>0</tt:AudioOutputs><tt:RelayOutputs>${relays}</tt:RelayOutputs></tt:DeviceIO></tt:Extension>` +
      '</tds:Capabilities></tds:GetCapabilitiesResponse>',
  };
};

const getServices: Operation = (_request, context) => ({
  body:
    '<tds:GetServicesResponse>' +
    (Object.keys(SERVICE_PATHS) as ServiceName[])
      .map((service) => {
        const [major, minor] = SERVICE_VERSIONS[service];
        return (
          `<tds:Service><tds:Namespace>${SERVICE_NAMESPACES[service]}</tds:Namespace>` +
          `<tds:XAddr>${xaddr(context, service)}</tds:XAddr>` +
          `<tds:Version><tt:Major>${major}</tt:Major><tt:Minor>${minor}</tt:Minor></tds:Version></tds:Service>`
        );
      })
      .join('') +
    '</tds:GetServicesResponse>',
});

const getDeviceInformation: Operation = (_request, { device }) => ({
  body:
    '<tds:GetDeviceInformationResponse><tds:Manufacturer>Vigil</tds:Manufacturer>' +
    '<tds:Model>Camera Simulator</tds:Model><tds:FirmwareVersion>1.0.0</tds:FirmwareVersion>' +
    `<tds:SerialNumber>SIM-${escapeXml(device.name)}</tds:SerialNumber><tds:HardwareId>vigil-sim</tds:HardwareId>` +
    '</tds:GetDeviceInformationResponse>',
});

const getScopes: Operation = (_request, { device }) => {
  const scopes = [
    'onvif://www.onvif.org/type/video_encoder',
    'onvif://www.onvif.org/type/ptz',
    'onvif://www.onvif.org/Profile/Streaming',
    'onvif://www.onvif.org/hardware/VigilSimulator',
    `onvif://www.onvif.org/name/${encodeURIComponent(device.name)}`,
    'onvif://www.onvif.org/location/simulator',
  ];
  return {
    body:
      '<tds:GetScopesResponse>' +
      scopes
        .map(
          (scope) =>
            `<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>${escapeXml(scope)}</tt:ScopeItem></tds:Scopes>`,
        )
        .join('') +
      '</tds:GetScopesResponse>',
  };
};

const getHostname: Operation = (_request, { device }) => ({
  body:
    '<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP>' +
    `<tt:Name>${escapeXml(device.name)}</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse>`,
});

const systemReboot: Operation = (_request, context) => {
  setImmediate(context.reboot); // after the answer is on its way
  return { body: '<tds:SystemRebootResponse><tds:Message>Rebooting</tds:Message></tds:SystemRebootResponse>' };
};

const relayOutputsXml = (context: OperationContext, prefix: string): string =>
  [...context.device.relayOutputs().keys()]
    .map(
      (token) =>
        `<${prefix}:RelayOutputs token="${escapeXml(token)}"><tt:Properties><tt:Mode>Bistable</tt:Mode>` +
        `<tt:DelayTime>PT0S</tt:DelayTime><tt:IdleState>open</tt:IdleState></tt:Properties></${prefix}:RelayOutputs>`,
    )
    .join('');

const setRelayOutputState =
  (prefix: string): Operation =>
  (request, { device }) => {
    const token = childText(request, 'RelayOutputToken') ?? '';
    const state = childText(request, 'LogicalState');
    if (state !== 'active' && state !== 'inactive') {
      return { fault: invalidArgument('InvalidArgs', 'LogicalState must be active or inactive') };
    }
    try {
      device.setRelayOutput(token, state satisfies RelayState);
    } catch (error) {
      if (error instanceof UnknownTokenError) {
        return { fault: invalidArgument('RelayToken', error.message) };
      }
      throw error;
    }
    return { body: `<${prefix}:SetRelayOutputStateResponse/>` };
  };

const setRelayOutputSettings =
  (prefix: string): Operation =>
  (request, { device }) =>
    device.relayOutputs().has(childText(request, 'RelayOutputToken') ?? childText(request, 'Token') ?? '')
      ? { body: `<${prefix}:SetRelayOutputSettingsResponse/>` }
      : { fault: invalidArgument('RelayToken', 'no such relay output') };

const getDigitalInputs: Operation = (_request, { device }) => ({
  body:
    '<tmd:GetDigitalInputsResponse>' +
    [...device.digitalInputs().keys()]
      .map((token) => `<tmd:DigitalInputs token="${escapeXml(token)}" IdleState="open"/>`)
      .join('') +
    '</tmd:GetDigitalInputsResponse>',
});

const serviceCapabilities =
  (prefix: string, capabilities: string): Operation =>
  () => ({
    body: `<${prefix}:GetServiceCapabilitiesResponse>${capabilities}</${prefix}:GetServiceCapabilitiesResponse>`,
  });

export const deviceOperations: OperationTable = new Map([
  ...table(NS.device, {
    GetSystemDateAndTime: getSystemDateAndTime,
    GetCapabilities: getCapabilities,
    GetServices: getServices,
    GetServiceCapabilities: serviceCapabilities(
      'tds',
      '<tds:Capabilities><tds:Network/><tds:Security UsernameToken="true" HttpDigest="true"/>' +
        '<tds:System SystemReboot="true"/></tds:Capabilities>',
    ),
    GetDeviceInformation: getDeviceInformation,
    GetScopes: getScopes,
    GetHostname: getHostname,
    SystemReboot: systemReboot,
    GetRelayOutputs: (_request, context) => ({
      body: `<tds:GetRelayOutputsResponse>${relayOutputsXml(context, 'tds')}</tds:GetRelayOutputsResponse>`,
    }),
    SetRelayOutputState: setRelayOutputState('tds'),
    SetRelayOutputSettings: setRelayOutputSettings('tds'),
  }),
  ...table(NS.deviceIO, {
    GetServiceCapabilities: serviceCapabilities(
      'tmd',
      `<tmd:Capabilities VideoSources="1" RelayOutputs="2" DigitalInputs="2"/>`,
    ),
    GetRelayOutputs: (_request, context) => ({
      body: `<tmd:GetRelayOutputsResponse>${relayOutputsXml(context, 'tmd')}</tmd:GetRelayOutputsResponse>`,
    }),
    SetRelayOutputState: setRelayOutputState('tmd'),
    SetRelayOutputSettings: setRelayOutputSettings('tmd'),
    GetDigitalInputs: getDigitalInputs,
  }),
]);
