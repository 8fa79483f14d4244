import type { GlobalPosition } from '../event-store/global-position';
import type { StoredEvent } from '../event-store/event-store.port';
import type { RuleDeviceKind } from '../rules/rule';
import { GENERIC_EVENT_TRIGGER_TYPE, USER_DEFINED_EVENT_TRIGGER_TYPE } from '../rules/rule';
import { EXTERNAL_INPUT_STREAM_PREFIX } from '../user-defined-events/user-defined-event.events';

/**
 * The rule engine's normalised view of a stored event.
 * - `at`: the event's own `data.at` (epoch ms) when present, else the store's `recordedAt`. Conditions are evaluated
 *   at this instant, so replaying the same events gives the same decisions.
 * - `deviceId`/`deviceKind`: the device on which the event occurred, from `data.cameraId` (cameras),
 *   `data.microphoneId` (microphones), `data.speakerId` (speakers), `data.metadataId` (metadata) or `data.deviceId`
 *   (kind unknown: such an event never matches an "All <kind>" source, only listed devices and device groups).
 * - `external`: the event matches the `External` source: no device, or appended to an `external-` stream
 *   (user-defined and generic events always are).
 * - `metadataDeviceIds`: "the devices from metadata" (UserDefinedEventTriggered.deviceIds, or `data.deviceIds`).
 * - `firedEventIds`: the specific definitions an event stands for (GenericEventReceived: every `fired[].genericEventId`;
 *   UserDefinedEventTriggered: `[userDefinedEventId]`); empty for other events.
 */
export type InputEvent = Readonly<{
  eventId: string;
  type: string;
  at: number;
  position: GlobalPosition;
  deviceId?: string;
  deviceKind?: RuleDeviceKind;
  external: boolean;
  metadataDeviceIds: readonly string[];
  firedEventIds: readonly string[];
}>;

const DEVICE_FIELDS: readonly (readonly [string, RuleDeviceKind | undefined])[] = [
  ['cameraId', 'cameras'],
  ['microphoneId', 'microphones'],
  ['speakerId', 'speakers'],
  ['metadataId', 'metadata'],
  ['deviceId', undefined],
];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const nonEmptyText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

const textList = (value: unknown): readonly string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];

const atOf = (stored: StoredEvent, data: Record<string, unknown>): number =>
  typeof data.at === 'number' && Number.isFinite(data.at) ? data.at : stored.recordedAt.getTime();

const base = (stored: StoredEvent, data: Record<string, unknown>) => ({
  eventId: stored.id,
  type: stored.type,
  at: atOf(stored, data),
  position: stored.position,
});

/**
 * The input event for a stored event, or `undefined` for events the engine ignores: events whose data is not an
 * object, malformed user-defined/generic events, and events that neither occurred on a device nor came from
 * outside (definitions, rule and time-profile changes, access events ...).
 */
export const toInputEvent = (stored: StoredEvent): InputEvent | undefined => {
  const data = stored.data;
  if (!isRecord(data)) {
    return undefined;
  }
  if (stored.type === USER_DEFINED_EVENT_TRIGGER_TYPE) {
    const userDefinedEventId = nonEmptyText(data.userDefinedEventId);
    if (userDefinedEventId === undefined) {
      return undefined;
    }
    return {
      ...base(stored, data),
      external: true,
      metadataDeviceIds: textList(data.deviceIds),
      firedEventIds: [userDefinedEventId],
    };
  }
  if (stored.type === GENERIC_EVENT_TRIGGER_TYPE) {
    const fired = Array.isArray(data.fired) ? data.fired : [];
    const firedEventIds = fired.flatMap((item) => {
      const id = isRecord(item) ? nonEmptyText(item.genericEventId) : undefined;
      return id === undefined ? [] : [id];
    });
    if (firedEventIds.length === 0) {
      return undefined;
    }
    return { ...base(stored, data), external: true, metadataDeviceIds: [], firedEventIds };
  }
  const external = stored.streamId.startsWith(EXTERNAL_INPUT_STREAM_PREFIX);
  for (const [field, kind] of DEVICE_FIELDS) {
    const deviceId = nonEmptyText(data[field]);
    if (deviceId !== undefined) {
      return {
        ...base(stored, data),
        deviceId,
        ...(kind === undefined ? {} : { deviceKind: kind }),
        external,
        metadataDeviceIds: textList(data.deviceIds),
        firedEventIds: [],
      };
    }
  }
  if (!external) {
    return undefined;
  }
  return { ...base(stored, data), external: true, metadataDeviceIds: textList(data.deviceIds), firedEventIds: [] };
};
