import { Logger } from '@nestjs/common';
import { setRelayOutputState, type RelayOutputState } from '@vigil/media';
import type { CameraControlDirectory } from './camera-control.directory';
import { failureOf } from './ptz.service';

/**
 * `Set device output to <state>` (FEATURES 1.5 A14): the relay output named by the job's device id, on its camera.
 * Setting a state twice is harmless, so a retried or replayed job is too. An unreachable camera is retried with
 * back-off; an output the camera no longer has fails without retry (RELAY_OUTPUT_UNKNOWN), logged.
 */
export class OutputsService {
  private readonly logger = new Logger(OutputsService.name);

  constructor(private readonly directory: CameraControlDirectory) {}

  /** false when the output is not on a camera of this recorder. */
  async set(deviceId: string, state: RelayOutputState): Promise<boolean> {
    const output = this.directory.output(deviceId);
    if (output === undefined) {
      return false;
    }
    try {
      await setRelayOutputState(output.onvif, output.token, state);
    } catch (error) {
      throw failureOf(error, `output ${output.token} of camera ${output.cameraId} → ${state}`, this.logger);
    }
    return true;
  }
}
