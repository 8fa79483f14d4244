// The state of one simulated camera, independent of SOAP and HTTP: the PTZ head, motion, digital inputs, relay
// outputs, and the pull-point subscriptions every change is published to. The SOAP services read and change it
// for ONVIF clients; the control API changes it for tests.
import { TOPICS } from './onvif.namespaces';
import { PtzState, type PtzPreset } from './ptz.state';
import { PullPointSubscriptions, type NotificationMessage } from './pull-point.subscriptions';

export type RelayState = 'active' | 'inactive';

export type CameraDeviceOptions = Readonly<{
  /** Shown as the device's name scope and in its serial number. */
  name: string;
  width: number;
  height: number;
  fps: number;
  relayOutputs?: number;
  digitalInputs?: number;
  presets?: readonly PtzPreset[];
  now?: () => Date;
}>;

/** Tokens of the one video source, its configurations and profile (several ONVIF responses must agree on them). */
export const TOKENS = {
  profile: 'Profile_1',
  videoSource: 'VideoSource_1',
  videoSourceConfiguration: 'VideoSourceConfig_1',
  videoEncoderConfiguration: 'VideoEncoderConfig_1',
  videoAnalyticsConfiguration: 'VideoAnalyticsConfig_1',
  ptzNode: 'PTZNode_1',
  ptzConfiguration: 'PTZConfig_1',
  motionRule: 'MotionDetectorRule',
} as const;

export class UnknownTokenError extends Error {
  constructor(
    readonly kind: string,
    readonly token: string,
  ) {
    super(`no ${kind} ${token}`);
    this.name = 'UnknownTokenError';
  }
}

export class CameraDevice {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly ptz: PtzState;
  readonly subscriptions: PullPointSubscriptions;
  readonly now: () => Date;
  private motion = false;
  private readonly relays = new Map<string, RelayState>();
  private readonly inputs = new Map<string, boolean>();

  constructor(options: CameraDeviceOptions) {
    this.name = options.name;
    this.width = options.width;
    this.height = options.height;
    this.fps = options.fps;
    this.now = options.now ?? (() => new Date());
    this.ptz = new PtzState(() => this.now().getTime(), options.presets);
    this.subscriptions = new PullPointSubscriptions(this.now);
    for (let n = 1; n <= (options.relayOutputs ?? 2); n += 1) {
      this.relays.set(`RelayOutput_${n}`, 'inactive');
    }
    for (let n = 1; n <= (options.digitalInputs ?? 2); n += 1) {
      this.inputs.set(`DigitalInput_${n}`, false);
    }
  }

  isMotion(): boolean {
    return this.motion;
  }

  /** Publishes a Changed motion event when the state changes (a repeated start sends nothing, like a camera). */
  setMotion(active: boolean): void {
    if (this.motion !== active) {
      this.motion = active;
      this.subscriptions.publish(this.motionMessage('Changed'));
    }
  }

  relayOutputs(): ReadonlyMap<string, RelayState> {
    return this.relays;
  }

  setRelayOutput(token: string, state: RelayState): void {
    const previous = this.relays.get(token);
    if (previous === undefined) {
      throw new UnknownTokenError('relay output', token);
    }
    if (previous !== state) {
      this.relays.set(token, state);
      this.subscriptions.publish(this.relayMessage(token, state, 'Changed'));
    }
  }

  digitalInputs(): ReadonlyMap<string, boolean> {
    return this.inputs;
  }

  setDigitalInput(token: string, active: boolean): void {
    const previous = this.inputs.get(token);
    if (previous === undefined) {
      throw new UnknownTokenError('digital input', token);
    }
    if (previous !== active) {
      this.inputs.set(token, active);
      this.subscriptions.publish(this.inputMessage(token, active, 'Changed'));
    }
  }

  /** The current state of every property, as a new subscription receives it first (PropertyOperation Initialized). */
  initialMessages(): readonly NotificationMessage[] {
    return [
      this.motionMessage('Initialized'),
      ...[...this.inputs].map(([token, active]) => this.inputMessage(token, active, 'Initialized')),
      ...[...this.relays].map(([token, state]) => this.relayMessage(token, state, 'Initialized')),
    ];
  }

  private motionMessage(operation: NotificationMessage['operation']): NotificationMessage {
    return {
      topic: TOPICS.motion,
      utcTime: this.now(),
      operation,
      source: [
        ['VideoSourceConfigurationToken', TOKENS.videoSourceConfiguration],
        ['VideoAnalyticsConfigurationToken', TOKENS.videoAnalyticsConfiguration],
        ['Rule', TOKENS.motionRule],
      ],
      data: [['IsMotion', String(this.motion)]],
    };
  }

  private inputMessage(
    token: string,
    active: boolean,
    operation: NotificationMessage['operation'],
  ): NotificationMessage {
    return {
      topic: TOPICS.digitalInput,
      utcTime: this.now(),
      operation,
      source: [['InputToken', token]],
      data: [['LogicalState', String(active)]],
    };
  }

  private relayMessage(
    token: string,
    state: RelayState,
    operation: NotificationMessage['operation'],
  ): NotificationMessage {
    return {
      topic: TOPICS.relay,
      utcTime: this.now(),
      operation,
      source: [['RelayToken', token]],
      data: [['LogicalState', state]],
    };
  }
}
