import type { CameraIoPort } from './camera';

/**
 * A camera notification (ONVIF event service, WS-BaseNotification) reduced to what the mapping needs: the topic
 * without its namespace prefix, the property operation, and the simple items of its source and data.
 */
export type CameraNotification = Readonly<{
  topic: string;
  operation: string;
  source: Readonly<Record<string, string>>;
  data: Readonly<Record<string, string>>;
}>;

/** The device events a camera's notifications become (FEATURES 2.1), appended to `camera-<cameraId>`. */
export type CameraDeviceEvent =
  | Readonly<{ type: 'MotionStarted' | 'MotionStopped'; data: { cameraId: string; at: number } }>
  | Readonly<{ type: 'InputActivated' | 'InputDeactivated'; data: { deviceId: string; cameraId: string; at: number } }>;

const isTrue = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : value.toLowerCase() === 'true' || value === '1';

const topicIs = (topic: string, suffixes: readonly string[]): boolean =>
  suffixes.some((suffix) => topic.replace(/^[^:/]*:/, '') === suffix);

const MOTION_TOPICS = ['RuleEngine/CellMotionDetector/Motion', 'VideoSource/MotionAlarm'];
const INPUT_TOPICS = ['Device/Trigger/DigitalInput', 'Device/IO/DigitalInput'];

/**
 * The device event of a notification, or undefined when it is none of ours. Only changes count: the `Initialized`
 * state a camera sends on every new subscription (after a reboot too) is not a new motion or input edge.
 */
export const deviceEventOf = (
  notification: CameraNotification,
  camera: Readonly<{ cameraId: string; inputs: readonly CameraIoPort[] }>,
  at: number,
): CameraDeviceEvent | undefined => {
  if (notification.operation !== 'Changed') {
    return undefined;
  }
  const { cameraId } = camera;
  if (topicIs(notification.topic, MOTION_TOPICS)) {
    const moving = isTrue(notification.data['IsMotion'] ?? notification.data['State']);
    return moving === undefined
      ? undefined
      : { type: moving ? 'MotionStarted' : 'MotionStopped', data: { cameraId, at } };
  }
  if (topicIs(notification.topic, INPUT_TOPICS)) {
    const token = notification.source['InputToken'] ?? notification.source['Index'];
    const input = camera.inputs.find((port) => port.token === token);
    const active = isTrue(notification.data['LogicalState'] ?? notification.data['Level']);
    if (input === undefined || active === undefined) {
      return undefined;
    }
    return {
      type: active ? 'InputActivated' : 'InputDeactivated',
      data: { deviceId: input.deviceId, cameraId, at },
    };
  }
  return undefined;
};
