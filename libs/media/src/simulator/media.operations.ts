// Media service (ONVIF Media, ver10/media): one video source, one H.264 profile with a PTZ configuration, the
// RTSP stream URI of this camera's mount and the snapshot URI served by the camera's own HTTP server.
import { TOKENS, type CameraDevice } from './camera.device';
import { NS, SNAPSHOT_PATH } from './onvif.namespaces';
import { invalidArgument } from './soap.envelope';
import { table, type Operation, type OperationTable } from './soap.operation';
import { childText, escapeXml } from './xml.parser';

const videoSourceConfiguration = (device: CameraDevice, element: string): string =>
  `<${element} token="${TOKENS.videoSourceConfiguration}"><tt:Name>VideoSourceConfig</tt:Name>` +
  `<tt:UseCount>1</tt:UseCount><tt:SourceToken>${TOKENS.videoSource}</tt:SourceToken>` +
  `<tt:Bounds x="0" y="0" width="${device.width}" height="${device.height}"/></${element}>`;

const videoEncoderConfiguration = (device: CameraDevice, element: string): string =>
  `<${element} token="${TOKENS.videoEncoderConfiguration}"><tt:Name>VideoEncoderConfig</tt:Name>` +
  '<tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding>' +
  `<tt:Resolution><tt:Width>${device.width}</tt:Width><tt:Height>${device.height}</tt:Height></tt:Resolution>` +
  '<tt:Quality>5</tt:Quality>' +
  `<tt:RateControl><tt:FrameRateLimit>${device.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>` +
  '<tt:BitrateLimit>4096</tt:BitrateLimit></tt:RateControl>' +
  `<tt:H264><tt:GovLength>${device.fps}</tt:GovLength><tt:H264Profile>Main</tt:H264Profile></tt:H264>` +
  '<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address>' +
  '<tt:Port>0</tt:Port><tt:TTL>0</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>' +
  `<tt:SessionTimeout>PT60S</tt:SessionTimeout></${element}>`;

/** Also used by the PTZ service's GetConfigurations. */
export const ptzConfiguration = (element: string): string =>
  `<${element} token="${TOKENS.ptzConfiguration}"><tt:Name>PTZConfig</tt:Name><tt:UseCount>1</tt:UseCount>` +
  `<tt:NodeToken>${TOKENS.ptzNode}</tt:NodeToken>` +
  '<tt:DefaultAbsolutePantTiltPositionSpace>http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace</tt:DefaultAbsolutePantTiltPositionSpace>' +
  '<tt:DefaultAbsoluteZoomPositionSpace>http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace</tt:DefaultAbsoluteZoomPositionSpace>' +
  '<tt:DefaultContinuousPanTiltVelocitySpace>http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace</tt:DefaultContinuousPanTiltVelocitySpace>' +
  '<tt:DefaultContinuousZoomVelocitySpace>http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace</tt:DefaultContinuousZoomVelocitySpace>' +
  '<tt:DefaultPTZSpeed><tt:PanTilt x="1" y="1"/><tt:Zoom x="1"/></tt:DefaultPTZSpeed>' +
  '<tt:DefaultPTZTimeout>PT10S</tt:DefaultPTZTimeout>' +
  '<tt:PanTiltLimits><tt:Range><tt:URI>http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace</tt:URI>' +
  '<tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange><tt:YRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:YRange>' +
  '</tt:Range></tt:PanTiltLimits>' +
  '<tt:ZoomLimits><tt:Range><tt:URI>http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace</tt:URI>' +
  `<tt:XRange><tt:Min>0</tt:Min><tt:Max>1</tt:Max></tt:XRange></tt:Range></tt:ZoomLimits></${element}>`;

const profile = (device: CameraDevice): string =>
  `<trt:Profiles token="${TOKENS.profile}" fixed="true"><tt:Name>MainStream</tt:Name>` +
  videoSourceConfiguration(device, 'tt:VideoSourceConfiguration') +
  videoEncoderConfiguration(device, 'tt:VideoEncoderConfiguration') +
  ptzConfiguration('tt:PTZConfiguration') +
  '</trt:Profiles>';

const knownProfile = (request: Parameters<Operation>[0]): boolean => {
  const token = childText(request, 'ProfileToken');
  return token === undefined || token === TOKENS.profile;
};

const NO_PROFILE = { fault: invalidArgument('NoProfile', 'no such profile') };

const mediaUri = (uri: string): string =>
  `<trt:MediaUri><tt:Uri>${escapeXml(uri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>` +
  '<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri>';

export const mediaOperations: OperationTable = table(NS.media, {
  GetProfiles: (_request, { device }) => ({
    body: `<trt:GetProfilesResponse>${profile(device)}</trt:GetProfilesResponse>`,
  }),
  GetProfile: (request, { device }) =>
    knownProfile(request)
      ? {
          body: `<trt:GetProfileResponse>${profile(device).replace(/trt:Profiles/g, 'trt:Profile')}</trt:GetProfileResponse>`,
        }
      : NO_PROFILE,
  GetVideoSources: (_request, { device }) => ({
    body:
      `<trt:GetVideoSourcesResponse><trt:VideoSources token="${TOKENS.videoSource}">` +
      `<tt:Framerate>${device.fps}</tt:Framerate>` +
      `<tt:Resolution><tt:Width>${device.width}</tt:Width><tt:Height>${device.height}</tt:Height></tt:Resolution>` +
      '</trt:VideoSources></trt:GetVideoSourcesResponse>',
  }),
  GetVideoSourceConfigurations: (_request, { device }) => ({
    body: `<trt:GetVideoSourceConfigurationsResponse>${videoSourceConfiguration(device, 'trt:Configurations')}</trt:GetVideoSourceConfigurationsResponse>`,
  }),
  GetVideoEncoderConfigurations: (_request, { device }) => ({
    body: `<trt:GetVideoEncoderConfigurationsResponse>${videoEncoderConfiguration(device, 'trt:Configurations')}</trt:GetVideoEncoderConfigurationsResponse>`,
  }),
  GetVideoEncoderConfiguration: (_request, { device }) => ({
    body: `<trt:GetVideoEncoderConfigurationResponse>${videoEncoderConfiguration(device, 'trt:Configuration')}</trt:GetVideoEncoderConfigurationResponse>`,
  }),
  GetStreamUri: (request, { rtspUri }) =>
    knownProfile(request)
      ? { body: `<trt:GetStreamUriResponse>${mediaUri(rtspUri)}</trt:GetStreamUriResponse>` }
      : NO_PROFILE,
  GetSnapshotUri: (request, { baseUrl }) =>
    knownProfile(request)
      ? { body: `<trt:GetSnapshotUriResponse>${mediaUri(`${baseUrl}${SNAPSHOT_PATH}`)}</trt:GetSnapshotUriResponse>` }
      : NO_PROFILE,
  GetServiceCapabilities: () => ({
    body:
      '<trt:GetServiceCapabilitiesResponse><trt:Capabilities SnapshotUri="true" Rotation="false">' +
      '<trt:ProfileCapabilities MaximumNumberOfProfiles="1"/>' +
      '<trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="true" RTP_RTSP_TCP="true"/>' +
      '</trt:Capabilities></trt:GetServiceCapabilitiesResponse>',
  }),
});
