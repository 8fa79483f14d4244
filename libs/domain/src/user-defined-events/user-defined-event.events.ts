import type { AccessDomainEvent, EpochMs } from '../access/access.types';

// Event type names and fields are persisted: do not rename.
export const USER_DEFINED_EVENT_STREAM_PREFIX = 'userdefinedevent-'; // definitions, one stream per event
export const EXTERNAL_INPUT_STREAM_PREFIX = 'external-'; // triggers from outside, one stream per UTC day

export const userDefinedEventStream = (id: string): string => `${USER_DEFINED_EVENT_STREAM_PREFIX}${id}`;
export const externalInputStream = (at: EpochMs): string =>
  `${EXTERNAL_INPUT_STREAM_PREFIX}${new Date(at).toISOString().slice(0, 10)}`;

export type UserDefinedEventCreated = AccessDomainEvent<
  'UserDefinedEventCreated',
  { userDefinedEventId: string; name: string; byUserId: string; at: EpochMs }
>;
export type UserDefinedEventRenamed = AccessDomainEvent<
  'UserDefinedEventRenamed',
  { userDefinedEventId: string; name: string; byUserId: string; at: EpochMs }
>;
export type UserDefinedEventDeleted = AccessDomainEvent<
  'UserDefinedEventDeleted',
  { userDefinedEventId: string; byUserId: string; at: EpochMs }
>;

export type UserDefinedEventDefinitionEvent =
  UserDefinedEventCreated | UserDefinedEventRenamed | UserDefinedEventDeleted;

/**
 * A user-defined event fired by an operator or an integration (FEATURES 2.3.2-2.3.3), with the devices it concerns
 * (the rule action target "the devices from metadata"). The input the rule engine reacts to.
 */
export type UserDefinedEventTriggered = AccessDomainEvent<
  'UserDefinedEventTriggered',
  {
    userDefinedEventId: string;
    name: string;
    triggeredBy: string;
    deviceIds: readonly string[];
    deviceGroupIds: readonly string[];
    at: EpochMs;
  }
>;

export const USER_DEFINED_EVENT_DEFINITION_TYPES = [
  'UserDefinedEventCreated',
  'UserDefinedEventRenamed',
  'UserDefinedEventDeleted',
] as const satisfies readonly UserDefinedEventDefinitionEvent['type'][];

type Unlisted = Exclude<UserDefinedEventDefinitionEvent['type'], (typeof USER_DEFINED_EVENT_DEFINITION_TYPES)[number]>;
export const allUserDefinedEventTypesListed: [Unlisted] extends [never] ? true : Unlisted = true;

export const isUserDefinedEventDefinitionType = (type: string): type is UserDefinedEventDefinitionEvent['type'] =>
  (USER_DEFINED_EVENT_DEFINITION_TYPES as readonly string[]).includes(type);
