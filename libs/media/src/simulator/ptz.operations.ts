// PTZ service (ONVIF PTZ, ver20/ptz): one node in the generic spaces, presets, home, absolute, relative and
// continuous moves. The head arrives at once, except for continuous moves, which integrate over time.
import { TOKENS } from './camera.device';
import { ptzConfiguration } from './media.operations';
import { NS } from './onvif.namespaces';
import type { PtzVector } from './ptz.state';
import { invalidArgument } from './soap.envelope';
import { num, table, type Operation, type OperationTable } from './soap.operation';
import { parseXsDuration } from './xs-duration.parser';
import { childNamed, childText, escapeXml, type XmlElement } from './xml.parser';

const SPACES = {
  position: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace',
  zoomPosition: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace',
};

/** A vector element (PanTilt and Zoom children); parts left out take the fallback's values. */
const readVector = (element: XmlElement | undefined, fallback: PtzVector): PtzVector => {
  const panTilt = childNamed(element, 'PanTilt');
  const zoom = childNamed(element, 'Zoom');
  const value = (text: string | undefined, otherwise: number): number => {
    const parsed = Number(text);
    return text === undefined || Number.isNaN(parsed) ? otherwise : parsed;
  };
  return {
    x: value(panTilt?.attributes.x, fallback.x),
    y: value(panTilt?.attributes.y, fallback.y),
    zoom: value(zoom?.attributes.x, fallback.zoom),
  };
};

const ZERO: PtzVector = { x: 0, y: 0, zoom: 0 };

const positionXml = (position: PtzVector): string =>
  `<tt:PanTilt x="${num(position.x)}" y="${num(position.y)}" space="${SPACES.position}"/>` +
  `<tt:Zoom x="${num(position.zoom)}" space="${SPACES.zoomPosition}"/>`;

const NO_PRESET = { fault: invalidArgument('NoToken', 'no such preset') };

const node =
  '<tt:Name>PTZNode</tt:Name><tt:SupportedPTZSpaces>' +
  `<tt:AbsolutePanTiltPositionSpace><tt:URI>${SPACES.position}</tt:URI>` +
  '<tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange><tt:YRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:YRange>' +
  '</tt:AbsolutePanTiltPositionSpace>' +
  `<tt:AbsoluteZoomPositionSpace><tt:URI>${SPACES.zoomPosition}</tt:URI>` +
  '<tt:XRange><tt:Min>0</tt:Min><tt:Max>1</tt:Max></tt:XRange></tt:AbsoluteZoomPositionSpace>' +
  '<tt:ContinuousPanTiltVelocitySpace><tt:URI>http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace</tt:URI>' +
  '<tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange><tt:YRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:YRange>' +
  '</tt:ContinuousPanTiltVelocitySpace>' +
  '<tt:ContinuousZoomVelocitySpace><tt:URI>http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace</tt:URI>' +
  '<tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange></tt:ContinuousZoomVelocitySpace>' +
  '</tt:SupportedPTZSpaces><tt:MaximumNumberOfPresets>100</tt:MaximumNumberOfPresets>' +
  '<tt:HomeSupported>true</tt:HomeSupported>';

const getPresets: Operation = (_request, { device }) => ({
  body:
    '<tptz:GetPresetsResponse>' +
    device.ptz
      .presets()
      .map(
        (preset) =>
          `<tptz:Preset token="${escapeXml(preset.token)}"><tt:Name>${escapeXml(preset.name)}</tt:Name>` +
          `<tt:PTZPosition>${positionXml(preset.position)}</tt:PTZPosition></tptz:Preset>`,
      )
      .join('') +
    '</tptz:GetPresetsResponse>',
});

const getStatus: Operation = (_request, { device }) => {
  const state = device.ptz.isMoving() ? 'MOVING' : 'IDLE';
  return {
    body:
      '<tptz:GetStatusResponse><tptz:PTZStatus>' +
      `<tt:Position>${positionXml(device.ptz.position())}</tt:Position>` +
      `<tt:MoveStatus><tt:PanTilt>${state}</tt:PanTilt><tt:Zoom>${state}</tt:Zoom></tt:MoveStatus>` +
      `<tt:UtcTime>${device.now().toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`,
  };
};

export const ptzOperations: OperationTable = table(NS.ptz, {
  GetNodes: () => ({
    body: `<tptz:GetNodesResponse><tptz:PTZNode token="${TOKENS.ptzNode}" FixedHomePosition="false">${node}</tptz:PTZNode></tptz:GetNodesResponse>`,
  }),
  GetNode: () => ({
    body: `<tptz:GetNodeResponse><tptz:PTZNode token="${TOKENS.ptzNode}" FixedHomePosition="false">${node}</tptz:PTZNode></tptz:GetNodeResponse>`,
  }),
  GetConfigurations: () => ({
    body: `<tptz:GetConfigurationsResponse>${ptzConfiguration('tptz:PTZConfiguration')}</tptz:GetConfigurationsResponse>`,
  }),
  GetConfiguration: () => ({
    body: `<tptz:GetConfigurationResponse>${ptzConfiguration('tptz:PTZConfiguration')}</tptz:GetConfigurationResponse>`,
  }),
  GetServiceCapabilities: () => ({
    body:
      '<tptz:GetServiceCapabilitiesResponse><tptz:Capabilities EFlip="false" Reverse="false" GetCompatibleConfigurations="false" ' +
      'MoveStatus="true" StatusPosition="true"/></tptz:GetServiceCapabilitiesResponse>',
  }),
  GetPresets: getPresets,
  GotoPreset: (request, { device }) =>
    device.ptz.gotoPreset(childText(request, 'PresetToken') ?? '') ? { body: '<tptz:GotoPresetResponse/>' } : NO_PRESET,
  SetPreset: (request, { device }) => {
    const token = device.ptz.setPreset(childText(request, 'PresetName'), childText(request, 'PresetToken'));
    return token === undefined
      ? NO_PRESET
      : {
          body: `<tptz:SetPresetResponse><tptz:PresetToken>${escapeXml(token)}</tptz:PresetToken></tptz:SetPresetResponse>`,
        };
  },
  RemovePreset: (request, { device }) =>
    device.ptz.removePreset(childText(request, 'PresetToken') ?? '')
      ? { body: '<tptz:RemovePresetResponse/>' }
      : NO_PRESET,
  GotoHomePosition: (_request, { device }) => {
    device.ptz.gotoHome();
    return { body: '<tptz:GotoHomePositionResponse/>' };
  },
  SetHomePosition: (_request, { device }) => {
    device.ptz.setHome();
    return { body: '<tptz:SetHomePositionResponse/>' };
  },
  GetStatus: getStatus,
  AbsoluteMove: (request, { device }) => {
    device.ptz.absoluteMove(readVector(childNamed(request, 'Position'), device.ptz.position()));
    return { body: '<tptz:AbsoluteMoveResponse/>' };
  },
  RelativeMove: (request, { device }) => {
    device.ptz.relativeMove(readVector(childNamed(request, 'Translation'), ZERO));
    return { body: '<tptz:RelativeMoveResponse/>' };
  },
  ContinuousMove: (request, { device }) => {
    const timeout = childText(request, 'Timeout');
    device.ptz.continuousMove(
      readVector(childNamed(request, 'Velocity'), ZERO),
      (timeout === undefined ? undefined : parseXsDuration(timeout)) ?? Number.POSITIVE_INFINITY,
    );
    return { body: '<tptz:ContinuousMoveResponse/>' };
  },
  Stop: (_request, { device }) => {
    device.ptz.stop();
    return { body: '<tptz:StopResponse/>' };
  },
});
