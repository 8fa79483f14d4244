// Relay outputs (ONVIF DeviceIO SetRelayOutputState, or the device service's on cameras without DeviceIO): the
// onvif package has no method for them, so the request goes through its transport.
import type { Cam } from 'onvif';
import { classifyOnvifError, connectOnvifCamera, parseOnvifAddress } from './onvif-discovery';
import { OnvifControlError } from './onvif-control.errors';
import type { OnvifTarget } from './onvif-ptz';
import { onvifRequest, xmlText } from './onvif-request';

export type RelayOutputState = 'active' | 'inactive';

const DEVICE_IO = 'http://www.onvif.org/ver10/deviceIO/wsdl';
const DEVICE = 'http://www.onvif.org/ver10/device/wsdl';

const outputTokens = (xml: string): string[] =>
  [...xml.matchAll(/<(?:[\w-]+:)?RelayOutputs\b[^>]*?\btoken="([^"]*)"/g)].map((match) => match[1] ?? '');

/**
 * Sets the relay output `token` of the camera to `state`. Fails with an OnvifControlError: RELAY_OUTPUT_UNKNOWN when
 * the camera has no such output (not retried), CAMERA_UNREACHABLE (retryable), CAMERA_AUTH_FAILED, CAMERA_NOT_ONVIF.
 */
export const setRelayOutputState = async (
  target: OnvifTarget,
  token: string,
  state: RelayOutputState,
): Promise<void> => {
  let cam: Cam | undefined;
  let address = target.address;
  try {
    const parsed = parseOnvifAddress(target.address);
    address = parsed.url;
    cam = await connectOnvifCamera(parsed, target, target.timeoutMs ?? 10_000);
    const [namespace, service] = cam.uri?.deviceIO !== undefined ? [DEVICE_IO, 'deviceIO'] : [DEVICE, undefined];
    const outputs = outputTokens(await onvifRequest(cam, `<GetRelayOutputs xmlns="${namespace}"/>`, service));
    if (!outputs.includes(token)) {
      throw new OnvifControlError('RELAY_OUTPUT_UNKNOWN', `the camera has no relay output ${JSON.stringify(token)}`);
    }
    await onvifRequest(
      cam,
      `<SetRelayOutputState xmlns="${namespace}"><RelayOutputToken>${xmlText(token)}</RelayOutputToken>` +
        `<LogicalState>${state}</LogicalState></SetRelayOutputState>`,
      service,
    );
  } catch (error) {
    throw OnvifControlError.of(error instanceof OnvifControlError ? error : classifyOnvifError(error, address));
  } finally {
    cam?.removeAllListeners();
  }
};
