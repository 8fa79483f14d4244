import { deviceEventOf, type CameraNotification } from './device-event.mapping';

const camera = { cameraId: 'cam-1', inputs: [{ deviceId: 'cam-1-door', token: 'DigitalInput_1' }] };
const notification = (overrides: Partial<CameraNotification>): CameraNotification => ({
  topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
  operation: 'Changed',
  source: {},
  data: {},
  ...overrides,
});

describe('deviceEventOf', () => {
  it('given motion notifications, then MotionStarted and MotionStopped of the camera', () => {
    expect(deviceEventOf(notification({ data: { IsMotion: 'true' } }), camera, 5)).toEqual({
      type: 'MotionStarted',
      data: { cameraId: 'cam-1', at: 5 },
    });
    expect(deviceEventOf(notification({ data: { IsMotion: 'false' } }), camera, 6)?.type).toBe('MotionStopped');
    expect(
      deviceEventOf(notification({ topic: 'tt:VideoSource/MotionAlarm', data: { State: 'true' } }), camera, 7)?.type,
    ).toBe('MotionStarted');
  });

  it('given a digital input of the camera, then InputActivated/Deactivated of the input device', () => {
    const input = (state: string) =>
      notification({
        topic: 'tns1:Device/Trigger/DigitalInput',
        source: { InputToken: 'DigitalInput_1' },
        data: { LogicalState: state },
      });

    expect(deviceEventOf(input('true'), camera, 8)).toEqual({
      type: 'InputActivated',
      data: { deviceId: 'cam-1-door', cameraId: 'cam-1', at: 8 },
    });
    expect(deviceEventOf(input('false'), camera, 9)?.type).toBe('InputDeactivated');
  });

  it('given the initial state of a new subscription, an unknown input or another topic, then no event', () => {
    expect(deviceEventOf(notification({ operation: 'Initialized', data: { IsMotion: 'true' } }), camera, 1)).toBe(
      undefined,
    );
    expect(
      deviceEventOf(
        notification({
          topic: 'tns1:Device/Trigger/DigitalInput',
          source: { InputToken: 'Nope' },
          data: { LogicalState: 'true' },
        }),
        camera,
        1,
      ),
    ).toBeUndefined();
    expect(
      deviceEventOf(notification({ topic: 'tns1:Device/Trigger/Relay', data: { LogicalState: 'active' } }), camera, 1),
    ).toBe(undefined);
  });
});
