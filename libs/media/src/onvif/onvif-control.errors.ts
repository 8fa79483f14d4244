import type { OnvifDiscoveryError, OnvifDiscoveryErrorCode } from './onvif-discovery';

// persisted: do not rename (job failure reasons, API error codes)
export type OnvifControlErrorCode =
  | OnvifDiscoveryErrorCode
  /** The camera has no PTZ service or no profile with a PTZ configuration. */
  | 'PTZ_NOT_SUPPORTED'
  /** The camera has no preset with the token asked for. */
  | 'PTZ_PRESET_UNKNOWN'
  /** The camera has no relay output with the token asked for. */
  | 'RELAY_OUTPUT_UNKNOWN';

/**
 * Why a command to a camera (PTZ, relay output) failed. Only an unreachable camera is worth trying again: the other
 * codes say the command or the configuration is wrong, and stay wrong. The message never contains the password.
 */
export class OnvifControlError extends Error {
  constructor(
    readonly code: OnvifControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OnvifControlError';
  }

  get retryable(): boolean {
    return this.code === 'CAMERA_UNREACHABLE';
  }

  static of(error: OnvifControlError | OnvifDiscoveryError): OnvifControlError {
    return error instanceof OnvifControlError ? error : new OnvifControlError(error.code, error.message);
  }
}
